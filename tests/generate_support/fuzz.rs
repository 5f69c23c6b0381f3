//! The one place property tests get their size and their watchdog.
//!
//! - **Case counts**: every property runs `cases(default)` cases; the `FUZZ_CASES` environment
//!   variable replaces the default (scripts/fuzz sets it to run the same properties at full size).
//! - **Hangs**: each case runs on its own thread; one that has not finished after `limits.time` fails
//!   the test (or, if it never finishes, ends the process with the input, since a stuck thread cannot
//!   be stopped and a hang cannot be shrunk).
//! - **Memory**: a counting allocator measures the heap each case's thread holds at its peak; a case
//!   over `limits.heap` fails. A case that tries to hold 16 times that is stopped there (the
//!   allocation fails, which aborts the process after printing the input), so a memory bomb cannot
//!   take the machine down with it.
//! - **Reporting**: one line per property on stderr (`fuzz NAME: N cases in ...`), which scripts/fuzz
//!   collects; `cargo test` shows it with `--nocapture`.

use proptest::strategy::Strategy;
use proptest::test_runner::{
    Config, FileFailurePersistence, TestCaseError, TestCaseResult, TestError, TestRunner,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// How many cases a property runs: `FUZZ_CASES` when set, else `default`.
pub fn cases(default: u32) -> u32 {
    match std::env::var("FUZZ_CASES") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("FUZZ_CASES must be a whole number, not {v:?}")),
        Err(_) => default,
    }
}

/// What one case may take before it counts as a hang or a memory leak.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub time: Duration,
    /// Peak heap held by the case's thread, in bytes.
    pub heap: usize,
}

// ---- heap accounting ----

/// Counts the bytes each thread holds. Frees of memory another thread allocated make a thread's count
/// go down (even below zero), so `heap_peak` measures what the measured code itself held at once.
pub struct CountingAlloc;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    /// Most this thread may hold; set for case threads only.
    static CAP: Cell<isize> = const { Cell::new(isize::MAX) };
    /// The input of the case this thread runs, shown if it hits the cap.
    static INPUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Whether growing by `size` would take this thread past its cap; if so, says which input did it.
/// Runs inside the allocator: it must not allocate, so it writes fixed text and the stored input.
fn over_cap(size: usize) -> bool {
    let over = LIVE
        .try_with(|live| {
            CAP.try_with(|cap| live.get().saturating_add(size as isize) > cap.get())
                .unwrap_or(false)
        })
        .unwrap_or(false);
    if over {
        use std::io::Write;
        let _ = CAP.try_with(|cap| cap.set(isize::MAX)); // report once; the process aborts next
        let mut err = std::io::stderr();
        let _ = err.write_all(
            b"\nfuzz: a case went past the hard heap cap (16 times its limit); its input:\n",
        );
        let _ = INPUT.try_with(|input| {
            if let Ok(input) = input.try_borrow() {
                let _ = err.write_all(input.as_bytes());
            }
        });
        let _ = err.write_all(b"\n");
    }
    over
}

fn account(delta: isize) {
    // try_with: during thread teardown the counters may be gone; those bytes are not ours to count.
    let _ = LIVE.try_with(|live| {
        let now = live.get().wrapping_add(delta);
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are updated.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if over_cap(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if over_cap(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        account(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && over_cap(new_size) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as both for a moment: a moving realloc holds old and new together.
            account(new_size as isize);
            account(-(layout.size() as isize));
        }
        p
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Runs `f` and returns its result with the most heap it held at once (bytes, on this thread).
pub fn heap_peak<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let base = LIVE.with(Cell::get);
    let outer_peak = PEAK.with(|p| p.replace(base));
    let r = f();
    let peak = PEAK.with(Cell::get);
    PEAK.with(|p| p.set(outer_peak.max(peak)));
    (r, usize::try_from(peak - base).unwrap_or(0))
}

// ---- the runner ----

/// What the cases of one property did; printed as the `fuzz NAME: ...` line.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub cases: u64,
    pub total: Duration,
    pub slowest: Duration,
    pub peak_heap: usize,
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Input text for a failure message: Debug form, cut to a readable length (and cheap to make for
/// every case: formatting stops at the cut).
pub fn shown<T: Debug>(v: &T) -> String {
    struct Upto(String);
    impl std::fmt::Write for Upto {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for c in s.chars() {
                if self.0.len() >= 4000 {
                    return Err(std::fmt::Error);
                }
                self.0.push(c);
            }
            Ok(())
        }
    }
    let mut out = Upto(String::with_capacity(4096));
    match std::fmt::write(&mut out, format_args!("{v:?}")) {
        Ok(()) => out.0,
        Err(_) => out.0 + "... (cut)",
    }
}

/// Runs `cases(default_cases)` cases of `strategy` through `test`, each on a fresh thread under
/// `limits`, persisting failures next to `source_file` (pass `file!()`) like `proptest!` does.
/// Prints the summary line and panics with the minimal failing input if a case fails.
pub fn check<S>(
    name: &str,
    source_file: &'static str,
    default_cases: u32,
    limits: Limits,
    strategy: S,
    test: impl Fn(S::Value) -> TestCaseResult + Send + Sync + 'static,
) -> Summary
where
    S: Strategy,
    S::Value: Send + Debug + 'static,
{
    let config = Config {
        cases: cases(default_cases),
        source_file: Some(source_file),
        // tests/NAME.proptest-regressions, where `proptest!` keeps them for files under tests/.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        // Shrinking re-runs cases; a slow property must not shrink for hours.
        max_shrink_time: 60_000,
        ..Config::default()
    };
    let test = Arc::new(test);
    let ran = AtomicU64::new(0);
    let slowest = AtomicU64::new(0);
    let slowest_input = std::sync::Mutex::new(String::new());
    let peak_heap = AtomicU64::new(0);
    let started = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |value| {
        ran.fetch_add(1, Ordering::Relaxed);
        let shown_value = shown(&value);
        let (tx, rx) = mpsc::channel();
        let t = Arc::clone(&test);
        let t0 = Instant::now();
        let input = shown_value.clone();
        std::thread::Builder::new()
            .name(format!("{name}-case"))
            .spawn(move || {
                let cap = isize::try_from(limits.heap.saturating_mul(16)).unwrap_or(isize::MAX);
                INPUT.with(|i| *i.borrow_mut() = input);
                CAP.with(|c| c.set(cap));
                let (r, heap) = heap_peak(|| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t(value)))
                });
                let r = r.unwrap_or_else(|p| {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "a panic".into());
                    Err(TestCaseError::fail(format!("panicked: {msg}")))
                });
                let _ = tx.send((r, heap));
            })
            .expect("spawn case thread");
        let record = |took: Duration| {
            let nanos = took.as_nanos() as u64;
            if slowest.fetch_max(nanos, Ordering::Relaxed) < nanos {
                if let Ok(mut s) = slowest_input.lock() {
                    s.clone_from(&shown_value);
                }
            }
        };
        let (r, heap) = match rx.recv_timeout(limits.time) {
            Ok(done) => done,
            // Over the limit: give it ten times longer to tell a slow case from a stuck one.
            Err(_) => match rx.recv_timeout(limits.time * 10) {
                Ok((r, _)) => {
                    record(t0.elapsed());
                    r?;
                    return Err(TestCaseError::fail(format!(
                        "took {:.1} s, over the {:.1} s limit for one case",
                        t0.elapsed().as_secs_f64(),
                        limits.time.as_secs_f64()
                    )));
                }
                Err(_) => {
                    eprintln!(
                        "fuzz {name}: HANG: a case did not finish in {:.0} s; input:\n{shown_value}",
                        (limits.time * 11).as_secs_f64()
                    );
                    std::process::exit(101);
                }
            },
        };
        record(t0.elapsed());
        peak_heap.fetch_max(heap as u64, Ordering::Relaxed);
        r?;
        if heap > limits.heap {
            return Err(TestCaseError::fail(format!(
                "held {:.1} MiB of heap, over the {:.1} MiB limit for one case",
                mib(heap),
                mib(limits.heap)
            )));
        }
        Ok(())
    });
    let summary = Summary {
        cases: ran.load(Ordering::Relaxed),
        total: started.elapsed(),
        slowest: Duration::from_nanos(slowest.load(Ordering::Relaxed)),
        peak_heap: peak_heap.load(Ordering::Relaxed) as usize,
    };
    eprintln!(
        "fuzz {name}: {} cases in {:.1} s; slowest case {:.0} ms (limit {:.0} ms); peak heap {:.1} MiB (limit {:.0} MiB)",
        summary.cases,
        summary.total.as_secs_f64(),
        summary.slowest.as_secs_f64() * 1000.0,
        limits.time.as_secs_f64() * 1000.0,
        mib(summary.peak_heap),
        mib(limits.heap),
    );
    if std::env::var_os("FUZZ_VERBOSE").is_some() {
        let s = slowest_input.lock().map(|s| s.clone()).unwrap_or_default();
        eprintln!(
            "fuzz {name}: slowest input: {}",
            s.chars().take(300).collect::<String>()
        );
    }
    match result {
        Ok(()) => summary,
        Err(TestError::Fail(why, value)) => {
            panic!(
                "fuzz {name}: {why}\nminimal failing input: {}",
                shown(&value)
            )
        }
        Err(TestError::Abort(why)) => panic!("fuzz {name}: aborted: {why}"),
    }
}
