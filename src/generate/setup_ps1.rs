//! setup.ps1: the same plan for PowerShell users (Windows PowerShell 5.1 and PowerShell 7).

use super::plan::{Action, Arg, Cmd, Cond, Expect, Plan};
use super::quote::{hash_comment as comment, ps};

/// Helpers and early checks. `Invoke-Tool` (and `Test-Missing`, for lookups) are the only ways the
/// script starts a program. Both refuse, through `Assert-SafeArgs`, arguments that cmd.exe would
/// reinterpret (az on Windows is the batch file az.cmd, and cmd.exe re-parses a batch file's arguments
/// whatever PowerShell's quoting says); `Invoke-Tool` turns a non-zero exit code into an error, which
/// PowerShell does not do for native programs by itself.
const PRELUDE: &str = r#"function Assert-SafeArgs([string]$Tool, [string[]]$ToolArgs) {
    foreach ($a in $ToolArgs) {
        if ($a -eq '' -or $a -match '["%!^&|<>\r\n]') {
            throw "setup.ps1: refusing to pass an empty argument or one with cmd.exe metacharacters to ${Tool}: $a"
        }
    }
}

function Invoke-Tool {
    param([string]$Tool, [string[]]$ToolArgs, [object[]]$InputLines)
    Assert-SafeArgs $Tool $ToolArgs
    if ($PSBoundParameters.ContainsKey('InputLines')) { $out = $InputLines | & $Tool @ToolArgs } else { $out = & $Tool @ToolArgs }
    if ($LASTEXITCODE -ne 0) { throw "setup.ps1: $Tool failed with exit code $LASTEXITCODE" }
    $out
}

# Runs an az show: $true when az says the resource does not exist (exit code 3), $false when it
# exists; any other failure stops the script. Windows PowerShell turns a native program's stderr into
# errors that 'Stop' would throw on, so the preference is relaxed while az runs.
function Test-Missing([string[]]$ToolArgs) {
    Assert-SafeArgs 'az' $ToolArgs
    $ErrorActionPreference = 'Continue'
    $err = & az @ToolArgs 2>&1 | Out-String
    $code = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    if ($code -eq 0) { return $false }
    if ($code -eq 3) { return $true }
    throw "setup.ps1: az failed with exit code ${code}: $err"
}

# Values read back from Azure are checked before anything uses them.
function Assert-Guid([string]$Name, [string]$Value) {
    if ($Value -notmatch '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$') { throw "setup.ps1: $Name is not a GUID: '$Value'" }
}
function Assert-Https([string]$Name, [string]$Value) {
    if (-not $Value.StartsWith('https://')) { throw "setup.ps1: $Name is not an https URL: '$Value'" }
}

foreach ($tool in 'az', 'kubectl', 'kubelogin') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
        throw "setup.ps1: $tool is not installed (az aks install-cli installs kubectl and kubelogin)"
    }
}
"#;

/// The helper behind `Action::SetYamlValue`, defined only in scripts that use it.
const SET_YAML_VALUE: &str = r#"# Every line 'KEY: ...' of the YAML file at Path gets Value, single-quoted (a checked GUID, which needs
# no escaping); every other line stays as it is. .NET writes UTF-8 without a byte order mark on both
# PowerShell versions, and takes a full path (its working folder is not PowerShell's).
function Set-YamlValue([string]$Path, [string]$Key, [string]$Value) {
    $full = (Resolve-Path -LiteralPath $Path).ProviderPath
    $found = $false
    $lines = foreach ($line in [IO.File]::ReadAllLines($full)) {
        if ($line -match ('^(\s*)' + [regex]::Escape($Key) + ':')) {
            $found = $true
            $Matches[1] + $Key + ": '" + $Value + "'"
        }
        else { $line }
    }
    if (-not $found) { throw "setup.ps1: $Path has no $Key line to fill in" }
    [IO.File]::WriteAllLines($full, [string[]]$lines)
}
"#;

fn word(a: &Arg) -> String {
    match a {
        Arg::Lit(s) => ps(s),
        Arg::Var(n) => format!("${n}"),
        Arg::Cat(parts) => format!(
            "({})",
            parts.iter().map(word).collect::<Vec<_>>().join(" + ")
        ),
    }
}

/// `Invoke-Tool 'tool' @(args...)`, one option and its value per line.
fn invoke(c: &Cmd) -> String {
    format!("Invoke-Tool {} {}", ps(c.tool), arg_array(c))
}

fn arg_array(c: &Cmd) -> String {
    let lines: Vec<String> = c
        .groups()
        .into_iter()
        .map(|g| c.args[g].iter().map(word).collect::<Vec<_>>().join(", "))
        .collect();
    format!("@(\n    {}\n)", lines.join(",\n    "))
}

fn condition(c: &Cond) -> String {
    match c {
        Cond::NotTrue(name) => format!("${name} -ne 'true'"),
        // -ne compares strings without regard to letter case.
        Cond::Differs(x, y) => format!("${x} -ne ${y}"),
        Cond::Any(all) => all
            .iter()
            .map(|c| format!("({})", condition(c)))
            .collect::<Vec<_>>()
            .join(" -or "),
    }
}

fn action(a: &Action) -> String {
    match a {
        Action::Run(c) => format!("{}\n", invoke(c)),
        Action::Capture { var, cmd, expect } => {
            let check = match expect {
                Expect::Guid => "Assert-Guid",
                Expect::HttpsUrl => "Assert-Https",
            };
            format!(
                "${var} = (({}) | Out-String).Trim()\n{check} {} ${var}\n",
                invoke(cmd),
                ps(var)
            )
        }
        Action::Pipe(first, second) => {
            format!(
                "$manifest = {}\n{} -InputLines $manifest\n",
                invoke(first),
                invoke(second)
            )
        }
        Action::Say(parts) => {
            let text = if parts.len() == 1 {
                word(&parts[0])
            } else {
                word(&Arg::Cat(parts.clone()))
            };
            format!("Write-Host {text}\n")
        }
        Action::Note(text) => comment(text),
        Action::IfMissing { show, then } => {
            let mut out = format!("if (Test-Missing {}) {{\n", arg_array(show));
            for a in then {
                out.push_str(&action(a));
            }
            out.push_str("}\n");
            out
        }
        Action::Fail(message) => format!("throw {}\n", ps(&format!("setup.ps1: {message}"))),
        Action::ReadWords { vars, cmd } => {
            let mut out = format!(
                "$words = @((({}) | Out-String).Trim() -split '\\s+')\nif ($words.Count -ne {}) {{ throw \"setup.ps1: could not read the cluster's settings; az printed: $words\" }}\n",
                invoke(cmd),
                vars.len()
            );
            for (k, v) in vars.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                out.push_str(&format!("${v} = $words[{k}]\n"));
            }
            out
        }
        Action::SetYamlValue { file, key, value } => format!("Set-YamlValue ${file} {} ${value}\n", ps(key)),
        Action::UpdateIfNeeded { cmd, chains, unchanged } => {
            let mut out = String::from("$updateFlags = @()\n");
            for chain in chains {
                for (k, t) in chain.iter().enumerate() {
                    let keyword = if k == 0 { "if" } else { "elseif" };
                    out.push_str(&format!("{keyword} ({}) {{\n", condition(&t.when)));
                    if let Some(say) = &t.say {
                        out.push_str(&format!("    Write-Host {}\n", ps(say)));
                    }
                    let args: Vec<String> = t.args.iter().map(word).collect();
                    out.push_str(&format!("    $updateFlags += @({})\n}}\n", args.join(", ")));
                }
            }
            out.push_str(&format!(
                "if ($updateFlags.Count -gt 0) {{\n    Invoke-Tool {} ({} + $updateFlags)\n}}\nelse {{\n    Write-Host {}\n}}\n",
                ps(cmd.tool),
                arg_array(cmd),
                ps(unchanged)
            ));
            out
        }
    }
}

/// True when the body reads `$name` (and not a longer name that starts the same).
fn uses(body: &str, name: &str) -> bool {
    let needle = format!("${name}");
    body.match_indices(&needle).any(|(at, _)| {
        !body[at + needle.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    })
}

pub fn render(plan: &Plan) -> String {
    let mut body = String::new();
    for step in &plan.steps {
        body.push('\n');
        body.push_str(&comment(&format!("--- {} ---", step.title)));
        for w in &step.why {
            body.push_str(&comment(w));
        }
        body.push_str(&format!(
            "Write-Host ''\nWrite-Host ('==> ' + {})\n",
            ps(&step.title)
        ));
        for a in &step.actions {
            body.push_str(&action(a));
        }
    }
    let mut out = String::from("#Requires -Version 5.1\n");
    out.push_str(&comment(
        "setup.ps1: the same steps as setup.sh, for PowerShell. Creates the cluster settings, managed identities, federated credentials, role assignments and Kubernetes objects described in README.md. Safe to run again.",
    ));
    out.push_str(&comment(super::GENERATED_NOTE));
    out.push_str("$ErrorActionPreference = 'Stop'\nSet-StrictMode -Version Latest\n\n");
    out.push_str(&comment("Your values."));
    for v in &plan.vars {
        if uses(&body, &v.name) {
            out.push_str(&format!("${} = {}\n", v.name, ps(&v.value)));
        }
    }
    out.push('\n');
    out.push_str(PRELUDE);
    if plan.steps.iter().flat_map(|s| &s.actions).any(|a| matches!(a, Action::SetYamlValue { .. })) {
        out.push('\n');
        out.push_str(SET_YAML_VALUE);
    }
    // The body is not re-indented: a quoted value may span lines, and indenting would change it.
    out.push_str("\n# The k8s/ folder sits next to this script.\nPush-Location -LiteralPath $PSScriptRoot\ntry {\n");
    out.push_str(&body);
    out.push_str("}\nfinally {\n    Pop-Location\n}\n");
    out
}
