//! Native entry: answers.yaml in, the same bundle the browser offers out. Thin over the library: read,
//! generate (which validates), print findings, write. Standard library only.

use aks_identity_wizard::answers;
use aks_identity_wizard::generate::{self, layout, GeneratedFile};
use aks_identity_wizard::validate::{Finding, Severity};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "wizard-cli: generate the aks-identity-wizard bundle from an answers file

usage: wizard-cli ANSWERS.yaml --out DIR     write the bundle's files into DIR (created if missing;
                                             over an earlier bundle, its manifests this one lacks
                                             are removed and named, nothing else is touched)
       wizard-cli ANSWERS.yaml --zip FILE    write the bundle as one zip file instead
       wizard-cli --help

  --format LIST   the forms of the setup to write, comma-separated: scripts, terraform, bicep
                  (e.g. --format scripts,bicep); replaces the `outputs` of ANSWERS.yaml, which
                  default to the scripts only

ANSWERS.yaml may be - to read standard input; FILE may be - to write the zip to standard output.
Findings print to standard error as `field: severity: message (fix: ...)`. Any error finding means
nothing is written.

exit status: 0 bundle written (warnings may have been printed), 1 the answers cannot be read or have
errors, 2 wrong command line or the output could not be written
";

/// Exit codes: the answers' fault (1) is told apart from the command line's or the disk's (2).
const EXIT_ANSWERS: u8 = 1;
const EXIT_USAGE: u8 = 2;

#[derive(Debug)]
enum Output {
    Dir(PathBuf),
    Zip(PathBuf),
}

#[derive(Debug)]
struct Args {
    input: PathBuf,
    output: Output,
    format: Option<answers::Outputs>,
}

/// `scripts,terraform,...` as the outputs it names.
fn parse_format(list: &str) -> Result<answers::Outputs, String> {
    let mut o = answers::Outputs { scripts: false, terraform: false, bicep: false };
    for word in list.split(',').map(str::trim) {
        match word {
            "scripts" => o.scripts = true,
            "terraform" => o.terraform = true,
            "bicep" => o.bicep = true,
            other => return Err(format!("--format: unknown form {other:?} (use scripts, terraform, bicep)")),
        }
    }
    Ok(o)
}

/// `Ok(None)` means help was asked for.
fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<Option<Args>, String> {
    let mut input = None;
    let mut output = None;
    let mut format = None;
    let set_output = |o: Output, output: &mut Option<Output>| {
        if output.is_some() {
            return Err("give either --out DIR or --zip FILE, once".to_string());
        }
        *output = Some(o);
        Ok(())
    };
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        let (flag, inline) = match text.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(PathBuf::from(v))),
            _ => (text.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--format" => {
                let value = match inline {
                    Some(v) => v.to_string_lossy().into_owned(),
                    None => args.next().ok_or("--format needs a value")?.to_string_lossy().into_owned(),
                };
                if format.is_some() {
                    return Err("give --format once".to_string());
                }
                format = Some(parse_format(&value)?);
            }
            "--out" | "--zip" => {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        PathBuf::from(args.next().ok_or_else(|| format!("{flag} needs a value"))?)
                    }
                };
                if value.as_os_str().is_empty() {
                    return Err(format!("{flag} needs a value"));
                }
                let o = if flag == "--out" {
                    Output::Dir(value)
                } else {
                    Output::Zip(value)
                };
                set_output(o, &mut output)?;
            }
            f if f.starts_with('-') && f != "-" => return Err(format!("unknown option {f}")),
            _ => {
                if input.is_some() {
                    return Err("give exactly one answers file".to_string());
                }
                input = Some(PathBuf::from(arg));
            }
        }
    }
    let input = input.ok_or("missing the answers file")?;
    let output = output.ok_or("missing --out DIR or --zip FILE")?;
    Ok(Some(Args { input, output, format }))
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// `field: severity: message (fix: ...)`.
fn finding_line(f: &Finding) -> String {
    let mut line = format!("{}: {}: {}", f.field, severity(f.severity), f.message);
    if let Some(fix) = &f.fix {
        line.push_str(&format!(" (fix: {})", fix.label));
    }
    line
}

fn read_input(path: &Path) -> std::io::Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(path)
    }
}

/// Writes the files under `dir`. Bundle paths are relative and plain by construction; a path that is
/// not is refused here anyway, so nothing can ever be written outside `dir`.
fn write_dir(dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    for f in files {
        let rel = Path::new(&f.path);
        if f.path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(format!(
                "refusing to write the unexpected path {:?}",
                f.path
            ));
        }
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, &f.contents).map_err(|e| format!("{}: {e}", target.display()))?;
        make_executable_if_script(&target, &f.path)
            .map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// The manifests (and deploy workflow, scripts, Terraform and Bicep files) an earlier bundle in `dir` left that `files` does not have. Only a folder that holds
/// a bundle's answers.yaml counts, and only regular files named the way the bundle names its
/// manifests (`layout::is_bundle_path`); the user's own files never qualify. Names are compared
/// ignoring case, so on a case-insensitive disk a file the new bundle overwrites is never removed.
fn stale_files(dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    if !std::fs::symlink_metadata(dir.join(layout::ANSWERS_YAML)).is_ok_and(|m| m.is_file()) {
        return Vec::new();
    }
    let manifests = std::fs::read_dir(dir.join(layout::MANIFEST_DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(|n| format!("{}/{n}", layout::MANIFEST_DIR)));
    // The deploy workflow is there only while the answers have a pipeline: one left from before
    // would go on deploying with an identity the new bundle no longer sets up.
    let workflow = std::fs::symlink_metadata(dir.join(layout::WORKFLOW_YML))
        .is_ok_and(|m| m.is_file())
        .then(|| layout::WORKFLOW_YML.to_string());
    // Likewise the scripts, or a Terraform file, of a form no longer chosen.
    let iac = layout::IAC_FILES
        .iter()
        .chain(&[layout::SETUP_SH, layout::SETUP_PS1])
        .filter(|rel| std::fs::symlink_metadata(dir.join(rel)).is_ok_and(|m| m.is_file()))
        .map(|rel| rel.to_string());
    // And the Bicep modules, numbered per resource group, so listed rather than named.
    let bicep = std::fs::read_dir(dir.join("bicep"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(|n| format!("bicep/{n}")))
        .filter(|rel| !layout::IAC_FILES.contains(&rel.as_str()));
    let mut stale: Vec<String> = manifests
        .chain(bicep)
        .chain(workflow)
        .chain(iac)
        .filter(|rel| layout::is_bundle_path(rel) && !files.iter().any(|f| f.path.eq_ignore_ascii_case(rel)))
        .collect();
    stale.sort();
    stale
}

/// Writes the bundle into `dir`, then removes what an earlier bundle there left behind (see
/// `stale_files`), naming each file removed.
fn write_bundle_dir(dir: &Path, files: &[GeneratedFile]) -> Result<String, String> {
    let stale = stale_files(dir, files);
    write_dir(dir, files)?;
    for rel in &stale {
        let path = dir.join(rel);
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wizard-cli: removed {rel}: the earlier bundle in {} wrote it and this one has no such file", dir.display());
    }
    Ok(format!("wrote {} files to {}", files.len(), dir.display()))
}

#[cfg(unix)]
fn make_executable_if_script(target: &Path, name: &str) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if name.ends_with(".sh") || name.ends_with(".ps1") {
        std::fs::set_permissions(target, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_executable_if_script(_target: &Path, _name: &str) -> std::io::Result<()> {
    Ok(())
}

fn write_zip(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| format!("standard output: {e}"))
    } else {
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("wizard-cli: {e}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let name = args.input.display().to_string();
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("wizard-cli: {name}: {e}");
            return ExitCode::from(EXIT_ANSWERS);
        }
    };
    let mut answers = match answers::from_yaml(&text) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("wizard-cli: {name}: {e}");
            return ExitCode::from(EXIT_ANSWERS);
        }
    };
    if let Some(format) = args.format {
        answers.outputs = format;
    }
    for f in generate::findings(&answers) {
        eprintln!("{}", finding_line(&f));
    }
    let files = match generate::bundle(&answers) {
        Ok(files) => files,
        Err(errors) => {
            eprintln!(
                "wizard-cli: {name}: {} error(s); nothing was written.",
                errors.len()
            );
            return ExitCode::from(EXIT_ANSWERS);
        }
    };
    let result = match &args.output {
        Output::Dir(dir) => write_bundle_dir(dir, &files),
        Output::Zip(path) => {
            write_zip(path, &generate::zip(&files)).map(|_| format!("wrote {}", path.display()))
        }
    };
    match result {
        Ok(msg) => {
            eprintln!("wizard-cli: {msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wizard-cli: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
