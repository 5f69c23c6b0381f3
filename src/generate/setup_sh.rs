//! setup.sh: the plan as a bash script.

use super::bash::{self, command, section, word};
use super::quote::sh;
use super::plan::{Action, Cond, Expect, Plan};

/// Runs before the first step: helpers, and the checks that make failures early and clear.
const PRELUDE: &str = r#"die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }
# Values read back from Azure are checked before anything uses them.
need_guid() { [[ $2 =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]] || die "$1 is not a GUID: '$2'"; }
need_https() { [[ $2 == https://* ]] || die "$1 is not an https URL: '$2'"; }
# missing CMD...: runs an az show; true when az says the resource does not exist (exit code 3),
# false when it exists; any other failure stops the script with az's own message.
missing() {
  local err code=0
  err="$("$@" 2>&1 >/dev/null)" || code=$?
  case $code in
    0) return 1 ;;
    3) return 0 ;;
    *) die "$1 $2 $3 failed (exit code $code): $err" ;;
  esac
}

# The k8s/ folder sits next to this script.
cd "$(dirname "${BASH_SOURCE[0]}")"
for tool in az kubectl kubelogin; do
  command -v "$tool" >/dev/null || die "$tool is not installed (az aks install-cli installs kubectl and kubelogin)"
done
"#;

/// The helper behind `Action::SetYamlValue`, defined only in scripts that use it.
const SET_VALUE: &str = r#"# set_value FILE KEY VALUE: every line `KEY: ...` of the YAML file FILE gets VALUE, single-quoted (a
# checked GUID, which needs no escaping); every other line stays as it is.
set_value() {
  local line text='' found=''
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line =~ ^([[:space:]]*)"$2": ]]; then
      line="${BASH_REMATCH[1]}$2: '$3'"
      found=1
    fi
    text+="$line"$'\n'
  done <"$1"
  [[ -n $found ]] || die "$1 has no $2 line to fill in"
  printf '%s' "$text" >"$1"
}
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
        Action::IfMissing { show, then } => {
            let mut out = format!("if missing {}; then\n", command(show));
            for a in then {
                out.push_str(&action(a));
            }
            out.push_str("fi\n");
            out
        }
        Action::Fail(message) => format!("die {}\n", sh(message)),
        Action::ReadWords { vars, cmd } => {
            // Every word is non-empty (`to_string` prints null as `null`), so a missing last word or
            // an extra one means az printed something else than asked for. Unread words go to `_`.
            let last = vars.len().saturating_sub(1);
            let names: Vec<&str> = vars
                .iter()
                .enumerate()
                .map(|(k, v)| match (v.is_empty(), k == last) {
                    (false, _) => v.as_str(),
                    (true, true) => "last_word",
                    (true, false) => "_",
                })
                .collect();
            format!(
                "state=\"$({})\"\nread -r {} extra <<<\"${{state%$'\\r'}}\"\n[[ -n ${{{}:-}} && -z ${{extra:-}} ]] || die \"could not read the cluster's settings; az printed: '$state'\"\n",
                command(cmd),
                names.join(" "),
                names.last().copied().unwrap_or("extra")
            )
        }
        Action::SetYamlValue { file, key, value } => {
            format!("set_value {} {} {}\n", bash::v(file), sh(key), bash::v(value))
        }
        Action::UpdateIfNeeded { cmd, chains, unchanged } => {
            // The flags collect in the positional parameters: "$@" of none is safe under set -u on
            // bash 3.2 (macOS), where an empty array is not.
            let mut out = String::from("set --\n");
            for chain in chains {
                for (k, t) in chain.iter().enumerate() {
                    let keyword = if k == 0 { "if" } else { "elif" };
                    out.push_str(&format!("{keyword} {}; then\n", condition(&t.when)));
                    if let Some(say) = &t.say {
                        out.push_str(&format!("  printf '%s\\n' {}\n", sh(say)));
                    }
                    let args: Vec<String> = t.args.iter().map(word).collect();
                    out.push_str(&format!("  set -- \"$@\" {}\n", args.join(" ")));
                }
                out.push_str("fi\n");
            }
            out.push_str(&format!(
                "if (($# > 0)); then\n{} \\\n    \"$@\"\nelse\n  printf '%s\\n' {}\nfi\n",
                command(cmd),
                sh(unchanged)
            ));
            out
        }
    }
}

fn condition(c: &Cond) -> String {
    match c {
        Cond::NotTrue(name) => format!("[[ ${name} != true ]]"),
        Cond::Differs(x, y) => format!("[[ \"$(lower \"${x}\")\" != \"$(lower \"${y}\")\" ]]"),
        Cond::Any(all) => all.iter().map(condition).collect::<Vec<_>>().join(" || "),
    }
}

pub fn render(plan: &Plan) -> String {
    let mut body = String::from(bash::LOWER);
    body.push_str(PRELUDE);
    if plan.steps.iter().flat_map(|s| &s.actions).any(|a| matches!(a, Action::SetYamlValue { .. })) {
        body.push_str(SET_VALUE);
    }
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
