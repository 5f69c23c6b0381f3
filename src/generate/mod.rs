//! From valid answers, every file a user needs. Shell and PowerShell quoting live in ONE place
//! (`quote`); file names in one place (`layout`); the setup steps in one place (`plan`), rendered as
//! setup.sh, setup.ps1 and the README walkthrough.
//!
//! INTERFACE (used by ui and wizard-cli; keep stable):
//! - `bundle(&Answers) -> Result<Vec<GeneratedFile>, Vec<Finding>>` (Err holds the error findings)
//! - `zip(&[GeneratedFile]) -> Vec<u8>` (pure Rust, works in wasm; deterministic bytes)
//! - `findings(&Answers)`: everything `bundle` weighs (validator + generator), for callers that show
//!   warnings too; `render_unchecked(&Answers)` skips validation (tests, tools that validated).
//!
//! Bundle layout: `setup.sh`, `setup.ps1`, `k8s/<namespace>.namespace.yaml` (one per namespace that is
//! not built in), `k8s/<namespace>-<serviceaccount>.serviceaccount.yaml` and `k8s/<app>.deployment.yaml`
//! or `k8s/<app>.pod.yaml` per workload (`k8s/<namespace>-<app>...` when several workloads share an app
//! name), `verify.sh`, `teardown.sh`, `README.md`, `answers.yaml`.

mod bash;
pub mod k8s;
pub mod layout;
pub mod plan;
pub mod quote;
mod readme;
mod setup_ps1;
mod setup_sh;
mod teardown_sh;
mod verify_sh;
mod zip;

pub use zip::{crc32, zip};

use crate::answers::{self, Answers};
use crate::validate::{Finding, Severity};
use crate::yaml;

/// One output file, with its path inside the bundle (e.g. `k8s/demo-demo-app.serviceaccount.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// The bundle for valid answers, or the findings that block it (severity error). Warnings do not
/// block; the README lists them.
pub fn bundle(a: &Answers) -> Result<Vec<GeneratedFile>, Vec<Finding>> {
    bundle_with(a, &findings(a))
}

/// [`bundle`] for a caller that already holds `findings(a)` (the UI shows them too), so the answers
/// are validated once per edit, not twice.
pub fn bundle_with(a: &Answers, findings: &[Finding]) -> Result<Vec<GeneratedFile>, Vec<Finding>> {
    let errors: Vec<Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(render(a, findings))
}

/// For each line of `current`, whether it is new compared with `previous` (the preview marks those
/// after an edit): a line counts as changed when `previous` has fewer copies of it. Cheap and stable
/// for files of a few hundred lines.
pub fn changed_lines(previous: Option<&str>, current: &str) -> Vec<bool> {
    let Some(previous) = previous else { return vec![false; current.lines().count()] };
    // The previous lines with their counts, sorted: a few hundred lines at most, and a sorted list
    // costs less wasm than a map.
    let mut available: Vec<(&str, usize)> = Vec::new();
    for line in previous.lines() {
        match available.binary_search_by(|(l, _)| l.cmp(&line)) {
            Ok(at) => available[at].1 += 1,
            Err(at) => available.insert(at, (line, 1)),
        }
    }
    current
        .lines()
        .map(|line| match available.binary_search_by(|(l, _)| l.cmp(&line)) {
            Ok(at) if available[at].1 > 0 => {
                available[at].1 -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Every finding `bundle` weighs: the validator's, plus values the generator cannot express at all.
pub fn findings(a: &Answers) -> Vec<Finding> {
    let mut all = crate::validate::validate(a);
    all.extend(unrepresentable(a));
    all
}

/// The bundle without validating first. The files are still safe for any input (every value is
/// quoted, every manifest typed), but they may describe a setup Azure refuses. For tests and tools
/// that have validated already; everything else should call [`bundle`].
pub fn render_unchecked(a: &Answers) -> Vec<GeneratedFile> {
    render(a, &[])
}

fn render(a: &Answers, findings: &[Finding]) -> Vec<GeneratedFile> {
    let layout = layout::layout(a);
    let plan = plan::setup(a, &layout);
    let mut files = vec![
        GeneratedFile {
            path: layout::SETUP_SH.into(),
            contents: setup_sh::render(&plan),
        },
        GeneratedFile {
            path: layout::SETUP_PS1.into(),
            contents: setup_ps1::render(&plan),
        },
    ];
    for ns in &layout.namespaces {
        files.push(manifest(&ns.path, &k8s::namespace(&ns.namespace)));
    }
    for (w, paths) in a.workloads.iter().zip(&layout.workloads) {
        files.push(manifest(&paths.service_account, &k8s::service_account(w)));
        files.push(manifest(&paths.workload, &k8s::workload(w)));
    }
    files.push(GeneratedFile {
        path: layout::VERIFY_SH.into(),
        contents: verify_sh::render(a, &plan),
    });
    files.push(GeneratedFile {
        path: layout::TEARDOWN_SH.into(),
        contents: teardown_sh::render(a, &layout, &plan),
    });
    files.push(GeneratedFile {
        path: layout::README_MD.into(),
        contents: readme::render(a, &layout, &plan, findings),
    });
    files.push(GeneratedFile {
        path: layout::ANSWERS_YAML.into(),
        contents: answers::to_yaml(a),
    });
    files
}

/// A manifest file. Serialising these plain structs cannot fail; if the YAML library ever refused, the
/// file would say so in a comment (and `kubectl apply` would reject it) rather than panic.
fn manifest<T: serde::Serialize>(path: &str, value: &T) -> GeneratedFile {
    let contents = match yaml::to_string(value) {
        Ok(text) => text,
        Err(e) => format!("# could not write this manifest: {e}\n"),
    };
    GeneratedFile {
        path: path.into(),
        contents,
    }
}

/// Values no script can carry: a NUL character cannot be part of a shell word or a program argument.
/// Found here, generically over every text field, so `bundle` refuses instead of silently dropping it.
fn unrepresentable(a: &Answers) -> Vec<Finding> {
    yaml::find_strings(a, |s| s.contains('\0'))
        .into_iter()
        .map(|field| Finding {
            id: "value.nul",
            field,
            severity: Severity::Error,
            message: "This value contains a NUL character.".into(),
            why: "Shell scripts and command lines cannot carry a NUL character.".into(),
            fix: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::changed_lines;

    #[test]
    fn changed_lines_marks_what_the_previous_version_lacked() {
        assert_eq!(changed_lines(None, "a\nb"), [false, false], "a first version marks nothing");
        assert_eq!(changed_lines(Some("a\nb\nc"), "a\nx\nc"), [false, true, false]);
        assert_eq!(changed_lines(Some("b\na"), "a\nb"), [false, false], "a move is not a change");
        assert_eq!(changed_lines(Some("a\na"), "a\na\na"), [false, false, true], "one more copy is new");
        assert_eq!(changed_lines(Some("z\ny\nx"), "x\nw\nz\ny\ny"), [false, true, false, false, true]);
        assert_eq!(changed_lines(Some("a"), ""), Vec::<bool>::new());
    }
}
