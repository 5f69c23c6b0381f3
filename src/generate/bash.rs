//! Bash rendering shared by setup.sh, verify.sh and teardown.sh: words, commands, the variable block
//! and comments. Words go through `quote::sh`; variables are always expanded inside double quotes.

use super::plan::{Arg, Cmd, Var};
use super::quote::{sh, sh_quoted};

/// `"$NAME"`: a variable's value as exactly one word.
pub fn v(name: &str) -> String {
    format!("\"${name}\"")
}

pub fn word(a: &Arg) -> String {
    match a {
        Arg::Lit(s) => sh(s),
        Arg::Var(n) => v(n),
        Arg::Cat(parts) => parts.iter().map(word).collect(),
    }
}

/// A command line; long ones are broken before each option so they stay readable.
pub fn command(c: &Cmd) -> String {
    layout_command(c, c.args.iter().map(word).collect())
}

/// The command as a reader should see it: variables replaced by their values where the script sets
/// them from the answers; values only known at run time (the issuer URL, client IDs) stay `"$NAME"`.
pub fn command_resolved(c: &Cmd, vars: &[Var]) -> String {
    fn resolve(a: &Arg, vars: &[Var]) -> String {
        match a {
            Arg::Var(n) => match vars.iter().find(|x| &x.name == n) {
                Some(x) => sh(&x.value),
                None => v(n),
            },
            Arg::Cat(parts) => parts.iter().map(|p| resolve(p, vars)).collect(),
            Arg::Lit(_) => word(a),
        }
    }
    layout_command(c, c.args.iter().map(|a| resolve(a, vars)).collect())
}

fn layout_command(c: &Cmd, args: Vec<String>) -> String {
    let flat = std::iter::once(c.tool.to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    if flat.len() <= 100 {
        return flat;
    }
    let lines: Vec<String> = c.groups().into_iter().map(|g| args[g].join(" ")).collect();
    format!("{} {}", c.tool, lines.join(" \\\n    "))
}

pub use super::quote::hash_comment as comment;

/// `NAME=value` lines for the variables the body uses (an unused one would only be noise, and
/// shellcheck flags it).
pub fn assignments(vars: &[Var], body: &str) -> String {
    // One pass over the body collects every `"$NAME"` it reads (a class's scripts have hundreds of
    // variables and a body of a few hundred KB: searching the body once per variable was most of
    // the time a keystroke took).
    let mut used: Vec<&str> = body
        .split("\"$")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            rest[end..].starts_with('"').then(|| &rest[..end])
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    vars.iter()
        .filter(|var| used.binary_search(&var.name.as_str()).is_ok())
        .map(|var| format!("{}={}\n", var.name, sh_quoted(&var.value)))
        .collect()
}

/// `lower VALUE`: Azure names and GUIDs mean the same in any letter case. Every script compares
/// them; `tr`, not `${x,,}`, because macOS ships bash 3.2.
pub const LOWER: &str = "# Azure names and GUIDs mean the same in any letter case (tr, not ${1,,}: macOS has bash 3.2).\nlower() { printf '%s' \"$1\" | tr '[:upper:]' '[:lower:]'; }\n";

/// The first lines of every generated bash script.
pub fn header(purpose: &str) -> String {
    let mut s = String::from("#!/usr/bin/env bash\n");
    s.push_str(&comment(purpose));
    s.push_str(&comment(super::GENERATED_NOTE));
    s.push_str("set -euo pipefail\n\n");
    s
}

/// A visible section heading in the script and in its output.
pub fn section(title: &str, why: &[String]) -> String {
    let mut s = String::from("\n");
    s.push_str(&comment(&format!("--- {title} ---")));
    for w in why {
        s.push_str(&comment(w));
    }
    s.push_str(&format!("printf '\\n==> %s\\n' {}\n", sh(title)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cannot_smuggle_a_line_break() {
        assert_eq!(comment("a\nrm -rf /"), "# a rm -rf /\n");
    }

    #[test]
    fn only_used_variables_are_assigned() {
        let vars = vec![
            Var {
                name: "A".into(),
                value: "x y".into(),
            },
            Var {
                name: "B".into(),
                value: "z".into(),
            },
        ];
        assert_eq!(assignments(&vars, "echo \"$A\" \"$B\""), "A='x y'\nB='z'\n");
    }
}
