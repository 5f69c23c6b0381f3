//! The one door to YAML. Everything goes through serde_yaml 0.9 (libyaml), which is deprecated
//! upstream: keeping every call here means another crate can replace it in one file.
//!
//! - `to_string` / `from_str`: typed values to and from YAML text. Read errors carry the line and
//!   column apart from the message, and the message names the field (`cluster.tier: ...`).
//!   `check` then `Checked::read` reads one text as more than one type with one check.
//! - `yaml11_misreads`: whether a string written here would come back as a boolean or number from
//!   a YAML 1.1 reader such as kubectl's.
//!
//! serde_yaml bounds nesting (128 levels, but only after libyaml has scanned the whole text, which
//! takes time in proportion to depth times length) and refuses an alias repeated more than 100 times
//! per event, yet a document of a few KB can still name one long anchored value thousands of times
//! and stand for gigabytes. `from_str` therefore reads the document's parse events once first
//! (libyaml's parser, through unsafe-libyaml, which serde_yaml is built on) and refuses it as soon as
//! it nests deeper than serde_yaml reads or stands for much more than its own text.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

/// A YAML read or write failure, with the 1-based position when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, without the position (that is in `line`/`column`).
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}

impl From<serde_yaml::Error> for YamlError {
    fn from(e: serde_yaml::Error) -> Self {
        // serde_yaml 0.9 reads a unit enum from its name or a `!name` tag and, for anything else,
        // says it expected the tag: name what people write instead.
        let text = e.to_string().replace("expected a YAML tag starting with '!'", "expected one of the names this field takes");
        match e.location() {
            Some(at) => {
                // serde_yaml appends the position to the message; it is kept apart here so callers
                // can show it their own way.
                let suffix = format!(" at line {} column {}", at.line(), at.column());
                YamlError { message: plain_words(&text.replacen(&suffix, "", 1)), line: Some(at.line()), column: Some(at.column()) }
            }
            None => YamlError { message: plain_words(&text), line: None, column: None },
        }
    }
}

/// serde's wording (`invalid type: string "x", expected u32`) in the words of someone editing
/// answers.yaml (`got the text "x", expected a whole number`). Only serde's fixed phrases change: what
/// it got comes first after the field's path, what it expected last, and the value quoted between
/// them is left as it is.
fn plain_words(message: &str) -> String {
    const GOT: [(&str, &str); 9] = [
        ("invalid type: string ", "got the text "),
        ("invalid type: integer ", "got the number "),
        ("invalid value: integer ", "got the number "),
        ("invalid type: floating point ", "got the number "),
        ("invalid type: boolean ", "got "),
        ("invalid type: sequence", "got a list"),
        ("invalid type: map", "got `key: value` lines"),
        ("invalid type: unit value", "got nothing"),
        ("unknown variant ", "unknown choice "),
    ];
    const WANTED: [(&str, &str); 4] = [
        (", expected u32", ", expected a whole number"),
        (", expected a boolean", ", expected true or false"),
        (", expected a string", ", expected text"),
        (", expected a sequence", ", expected a list"),
    ];
    let mut s = message.to_string();
    if let Some((at, from, to)) = GOT.iter().filter_map(|(from, to)| s.find(from).map(|at| (at, from, to))).min_by_key(|x| x.0) {
        s.replace_range(at..at + from.len(), to);
    }
    if let Some((from, to)) = WANTED.iter().find(|(from, _)| s.ends_with(from)) {
        s.truncate(s.len() - from.len());
        s.push_str(to);
    } else if let Some(at) = s.rfind(", expected struct ").filter(|at| !s[at + 18..].contains(' ')) {
        s.truncate(at);
        s.push_str(", expected its settings, one `key: value` per line");
    }
    s
}

/// Serialise a value as one YAML document (no leading `---`). Fails only for shapes YAML cannot hold
/// (e.g. maps with non-scalar keys), never for the crate's own types.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    Ok(serde_yaml::to_string(value)?)
}

/// Parse one YAML document into `T`. Errors carry the position when known.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    check(text)?.read()
}

/// A document that passed the check against hostile nesting and aliases, so it can be read, as
/// more than one type if need be, without being checked again.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    text: &'a str,
}

/// Check a document once (see `refuse_hostile`) before reading it with `Checked::read`.
pub fn check(text: &str) -> Result<Checked<'_>, YamlError> {
    // Editors on Windows start files with a byte-order mark; serde_yaml tells libyaml the text is
    // UTF-8, and libyaml then reads the mark as content (`\u{feff}---` is not a document start).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    refuse_hostile(text)?;
    Ok(Checked { text })
}

impl Checked<'_> {
    /// The document as `T` (one libyaml pass). Errors carry the position when known.
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, YamlError> {
        Ok(serde_yaml::from_str(self.text)?)
    }
}

/// How much a document of `text_len` bytes may stand for, in units of one per node plus one per byte
/// of scalar text. Without aliases a document stays under 1.5 units per byte of its text (`{a, b}` is
/// the densest), so twice the text, with a floor for small files, refuses only alias expansion.
fn expansion_budget(text_len: usize) -> usize {
    text_len.saturating_mul(2).max(64 << 10)
}

/// serde_yaml's own nesting limit, checked here before it reads the document: libyaml's scanner
/// takes time in proportion to the nesting depth for every token, so 100,000 `[` took 25 s.
const MAX_DEPTH: usize = 128;

const TOO_MUCH: &str = "the document repeats its anchored values (aliases `*name`) so often that it stands for \
                        far more than its own text";

const TOO_DEEP: &str = "the document nests lists or mappings more than 128 levels deep";

/// One pass over the document's parse events, stopping at the first of: nesting deeper than
/// serde_yaml reads, or more content than the budget once aliases are counted as what they repeat.
/// Linear in the text. A syntax error ends the pass quietly: the typed read reports it with its
/// position.
fn refuse_hostile(text: &str) -> Result<(), YamlError> {
    let refuse = |message: &str| Err(YamlError { message: message.into(), line: None, column: None });
    let budget = expansion_budget(text.len());
    // Units of each anchor's node, and the open collections: (their anchor, units when opened).
    // A map, not a list: a document may define thousands of anchors and alias each of them.
    let mut anchors: std::collections::BTreeMap<Vec<u8>, usize> = std::collections::BTreeMap::new();
    let mut open: Vec<(Option<Vec<u8>>, usize)> = Vec::new();
    let mut total = 0usize;
    let events = Events::new(text);
    let Some(mut events) = events else { return Ok(()) };
    while let Some(event) = events.next() {
        // SAFETY: `event` is the event libyaml just produced; the union field read is the one its
        // type names, and anchors are NUL-terminated strings that live until the event is deleted.
        let (anchor, units) = unsafe {
            match event.type_ {
                unsafe_libyaml::YAML_SCALAR_EVENT => (anchor_of(event.data.scalar.anchor), event.data.scalar.length as usize + 1),
                unsafe_libyaml::YAML_ALIAS_EVENT => {
                    let name = anchor_of(event.data.alias.anchor);
                    // An unknown anchor is serde_yaml's error to report; count it as one node.
                    (None, name.and_then(|n| anchors.get(&n).copied()).unwrap_or(1))
                }
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT | unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                    let anchor = if event.type_ == unsafe_libyaml::YAML_SEQUENCE_START_EVENT {
                        event.data.sequence_start.anchor
                    } else {
                        event.data.mapping_start.anchor
                    };
                    open.push((anchor_of(anchor), total));
                    if open.len() > MAX_DEPTH {
                        return refuse(TOO_DEEP);
                    }
                    (None, 1)
                }
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
                    if let Some((Some(name), start)) = open.pop() {
                        anchors.insert(name, total - start);
                    }
                    (None, 0)
                }
                _ => (None, 0),
            }
        };
        total = total.saturating_add(units);
        if let Some(name) = anchor {
            anchors.insert(name, units);
        }
        if total > budget {
            return refuse(TOO_MUCH);
        }
    }
    Ok(())
}

/// A NUL-terminated anchor name from libyaml, copied.
///
/// # Safety
/// `p` is null or points to a NUL-terminated string.
unsafe fn anchor_of(p: *const u8) -> Option<Vec<u8>> {
    (!p.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(p.cast()) }.to_bytes().to_vec())
}

/// libyaml's event parser over `text` (the same parser serde_yaml reads with), as an iterator that
/// ends at the end of the stream or at the first error.
struct Events<'a> {
    parser: Box<std::mem::MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    event: Box<std::mem::MaybeUninit<unsafe_libyaml::yaml_event_t>>,
    /// An event is held and must be deleted before the next or on drop.
    holding: bool,
    done: bool,
    _text: std::marker::PhantomData<&'a str>,
}

impl<'a> Events<'a> {
    fn new(text: &'a str) -> Option<Self> {
        let mut parser = Box::new(std::mem::MaybeUninit::uninit());
        // SAFETY: the parser lives in a Box that never moves, and the input outlives it (`'a`).
        unsafe {
            if unsafe_libyaml::yaml_parser_initialize(parser.as_mut_ptr()).fail {
                return None;
            }
            unsafe_libyaml::yaml_parser_set_input_string(parser.as_mut_ptr(), text.as_ptr(), text.len() as _);
        }
        let event = Box::new(std::mem::MaybeUninit::uninit());
        Some(Events { parser, event, holding: false, done: false, _text: std::marker::PhantomData })
    }

    fn next(&mut self) -> Option<&unsafe_libyaml::yaml_event_t> {
        self.release();
        if self.done {
            return None;
        }
        // SAFETY: the parser was initialised in `new`; a successful parse fills the event.
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(self.parser.as_mut_ptr(), self.event.as_mut_ptr()).fail {
                self.done = true;
                return None;
            }
            self.holding = true;
            let event = self.event.assume_init_ref();
            self.done = event.type_ == unsafe_libyaml::YAML_STREAM_END_EVENT;
            Some(event)
        }
    }

    fn release(&mut self) {
        if self.holding {
            // SAFETY: the event was filled by a successful parse and not deleted since.
            unsafe { unsafe_libyaml::yaml_event_delete(self.event.as_mut_ptr()) };
            self.holding = false;
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        self.release();
        // SAFETY: initialised in `new` (only then is an `Events` made), deleted once.
        unsafe { unsafe_libyaml::yaml_parser_delete(self.parser.as_mut_ptr()) };
    }
}

/// What a YAML 1.1 reader takes a bare scalar for, when not for text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// `yes`, `no`, `on`, `off`, `y`, `n` (and their capitalised forms).
    Boolean,
    /// `1_000`, `0X1F` and other forms YAML 1.2 does not call numbers.
    Number,
}

/// Whether `text`, written by `to_string` as a string value, would be read back as something other
/// than text by a YAML 1.1 reader. kubectl reads manifests that way (sigs.k8s.io/yaml over go-yaml
/// v2), while serde_yaml writes YAML 1.2 and quotes only what a YAML 1.2 reader would misread: it
/// leaves `yes`, `on` or `n` bare, and kubectl then finds a boolean where a name belongs.
pub fn yaml11_misreads(text: &str) -> Option<NotText> {
    let kind = yaml11_plain(text)?;
    // Only a bare scalar is at risk. Ask the writer instead of copying its quoting rules, so a
    // serde_yaml that quotes more makes this say less.
    let written = serde_yaml::to_string(text).ok()?;
    (written.strip_suffix('\n') == Some(text)).then_some(kind)
}

/// go-yaml v2's `resolve` for an untagged bare scalar, where it differs from text. Left out: the
/// forms serde_yaml always quotes (`null`, `~`, the empty string, `true`/`false`, `.inf`, `.nan`;
/// tested below), and timestamps, which go-yaml v2 hands on as text.
fn yaml11_plain(text: &str) -> Option<NotText> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON" | "off" | "Off" | "OFF" => {
            return Some(NotText::Boolean)
        }
        _ => {}
    }
    let number = match text.as_bytes().first() {
        // A sign or digit: go-yaml drops every `_`, then tries Go's integer syntax (0x, 0b, 0o and
        // 0-prefixed octal, any length) and its float pattern.
        Some(b'0'..=b'9' | b'+' | b'-') => {
            let plain: String = text.chars().filter(|c| *c != '_').collect();
            go_integer(&plain) || yaml11_float(&plain)
        }
        Some(b'.') => yaml11_float(text),
        _ => false,
    };
    number.then_some(NotText::Number)
}

/// Go's `strconv.ParseInt(s, 0, _)` syntax, without its range limit (go-yaml falls back to big
/// integers).
fn go_integer(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let all = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    match s.get(..2).map(|p| p.to_ascii_lowercase()).as_deref() {
        Some("0x") => all(&s[2..], 16),
        Some("0b") => all(&s[2..], 2),
        Some("0o") => all(&s[2..], 8),
        // Decimal, or octal after a leading 0; `09` fails as octal but matches the float pattern.
        _ => all(s, 10),
    }
}

/// go-yaml v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml11_float(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && fraction.bytes().all(|b| b.is_ascii_digit()),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_yaml::Value;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        tags: Vec<String>,
    }

    #[test]
    fn round_trips_and_quotes_ambiguous_strings() {
        let d = Doc { name: "a: b".into(), tags: vec!["true".into(), "1.5".into(), "0x1F".into(), "x".into()] };
        let text = to_string(&d).expect("serialise");
        assert!(text.contains("- 'true'\n- '1.5'\n- '0x1F'\n- x\n"), "{text}");
        assert_eq!(from_str::<Doc>(&text).expect("parse"), d);
        // Kubernetes wants the string "true", not a boolean: the writer must quote it.
        let labels = BTreeMap::from([("azure.workload.identity/use", "true")]);
        assert_eq!(to_string(&labels).expect("serialise"), "azure.workload.identity/use: 'true'\n");
    }

    #[test]
    fn errors_carry_position_without_duplicating_it() {
        let err = from_str::<Doc>("name: x\ntags: []\nextra: 1\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.column.is_some());
        assert_eq!(err.message, "unknown field `extra`, expected `name` or `tags`");
        assert!(err.to_string().starts_with("line 3, column "), "{err}");
        // A nested field is named by its path.
        let err = from_str::<BTreeMap<String, Doc>>("a:\n  name: x\n  tags: [1, [2]]\n").unwrap_err();
        assert_eq!((err.message.as_str(), err.line), ("a.tags[1]: got a list, expected text", Some(3)));
    }

    #[test]
    fn yaml11_misreads_what_the_writer_leaves_bare() {
        use NotText::*;
        // Bare in serde_yaml's output, not text to a YAML 1.1 reader (kubectl).
        for (text, kind) in [
            ("yes", Boolean), ("no", Boolean), ("on", Boolean), ("off", Boolean), ("y", Boolean), ("n", Boolean),
            ("Yes", Boolean), ("OFF", Boolean), ("N", Boolean),
            ("1_000", Number), ("0X1F", Number), ("0B101", Number), ("0O17", Number), ("-1_0.5", Number),
            ("1__0e1_0", Number), (&"9".repeat(400), Number),
        ] {
            assert_eq!(to_string(text).expect("serialise"), format!("{text}\n"), "bare");
            assert_eq!(yaml11_misreads(text), Some(kind), "{text}");
        }
        // What serde_yaml quotes is safe whatever a YAML 1.1 reader would make of it bare: every
        // null form, true/false, .inf/.nan, integers, floats, leading zeros, 0x/0o/0b.
        for text in [
            "", "~", "null", "Null", "NULL", "true", "True", "FALSE", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "12",
            "0755", "08", "1e3", "1e-3", "1.5", ".5", "1.", "0x1f", "0o17", "0b101", "-12", "+1", &"1".repeat(63),
        ] {
            assert!(to_string(text).expect("serialise").starts_with('\''), "{text:?} is written bare");
            assert_eq!(yaml11_misreads(text), None, "{text:?}");
        }
        // Text to both readers: words, names, timestamps (go-yaml v2 keeps them as text), base 60
        // (dropped by go-yaml), image references, and `_1` (go-yaml tries numbers only after a sign,
        // digit or dot).
        for text in ["_1", "yes-app", "nope", "onion", "2024-01-15", "1:20", "0x", "0b2", "1e", "e3", "demo", "nginx:1.27", "a_1"] {
            assert_eq!(yaml11_misreads(text), None, "{text}");
        }
    }


    #[test]
    fn syntax_error_is_a_value() {
        let err = from_str::<Doc>("name: [unclosed\n").unwrap_err();
        assert!(err.line.is_some());
        assert!(!err.message.contains(" at line "), "{err}");
    }

    #[test]
    fn aliases_are_read_but_cannot_multiply_the_text() {
        // A few aliases to a short value: read as the value, as any YAML reader does.
        let d = from_str::<Doc>("name: &n x\ntags: [*n, *n]\n").expect("aliases");
        assert_eq!(d.tags, ["x", "x"]);
        // One anchored 10,000-character value named 100 times: 1 MB from 10 KB of text.
        let text = format!("name: &n {}\ntags: [{}]\n", "x".repeat(10_000), vec!["*n"; 100].join(", "));
        let err = from_str::<Doc>(&text).unwrap_err();
        assert!(err.message.contains("aliases"), "{err}");
        // The classic billion laughs: nine aliases per level, nine levels.
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
            bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
        }
        assert!(from_str::<Value>(&bomb).is_err());
    }

    #[test]
    fn many_anchors_and_aliases_are_checked_in_linear_time() {
        let n = 30_000;
        let anchors: Vec<String> = (0..n).map(|i| format!("&a{i} x")).collect();
        let aliases: Vec<String> = (0..n).map(|i| format!("*a{i}")).collect();
        let text = format!("a: [{}]\nb: [{}]\n", anchors.join(", "), aliases.join(", "));
        let started = std::time::Instant::now();
        assert!(from_str::<Value>(&text).is_ok());
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for text in ["[".repeat(20_000), format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)), "{a: ".repeat(20_000)] {
            assert!(from_str::<Value>(&text).is_err());
        }
    }
}
