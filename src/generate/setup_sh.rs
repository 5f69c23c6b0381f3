//! setup.sh: the plan as a bash script.

use super::bash::{self, command, section, word};
use super::plan::{Action, Expect, Plan};

/// Runs before the first step: helpers, and the checks that make failures early and clear.
const PRELUDE: &str = r#"die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }
# Values read back from Azure are checked before anything uses them.
need_guid() { [[ $2 =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]] || die "$1 is not a GUID: '$2'"; }
need_https() { [[ $2 == https://* ]] || die "$1 is not an https URL: '$2'"; }

# The k8s/ folder sits next to this script.
cd "$(dirname "${BASH_SOURCE[0]}")"
for tool in az kubectl kubelogin; do
  command -v "$tool" >/dev/null || die "$tool is not installed (az aks install-cli installs kubectl and kubelogin)"
done
"#;

fn action(a: &Action) -> String {
    match a {
        Action::Run(c) => format!("{}\n", command(c)),
        Action::Capture { var, cmd, expect } => {
            let check = match expect {
                Expect::Guid => "need_guid",
                Expect::HttpsUrl => "need_https",
            };
            // az on Windows shells (Git Bash, WSL calling az.cmd) ends lines with CR: strip it.
            format!(
                "{var}=\"$({})\"\n{var}=\"${{{var}%$'\\r'}}\"\n{check} {var} {}\n",
                command(cmd),
                bash::v(var)
            )
        }
        Action::Pipe(first, second) => format!("{} |\n  {}\n", command(first), command(second)),
        Action::Say(parts) => {
            let line: String = parts.iter().map(word).collect();
            format!("printf '%s\\n' {line}\n")
        }
        Action::Note(text) => bash::comment(text),
    }
}

pub fn render(plan: &Plan) -> String {
    let mut body = String::from(PRELUDE);
    for step in &plan.steps {
        body.push_str(&section(&step.title, &step.why));
        for a in &step.actions {
            body.push_str(&action(a));
        }
    }
    let mut out = bash::header(
        "setup.sh: creates the cluster settings, managed identities, federated credentials, role assignments and Kubernetes objects described in README.md. Safe to run again: every step creates or updates in place.",
    );
    out.push_str(&bash::comment("Your values."));
    out.push_str(&bash::assignments(&plan.vars, &body));
    out.push('\n');
    out.push_str(&body);
    out
}
