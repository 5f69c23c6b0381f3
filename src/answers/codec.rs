//! Reading and writing `Answers`: answers.yaml, share links and the saved (autosave) state.
//!
//! Formats:
//! - **answers.yaml**: the serde YAML of `Answers` (through `crate::yaml`) after one comment line.
//! - **share link**: `z.` followed by base64url (no padding) of the raw-deflated YAML of `Answers`
//!   (YAML rather than JSON so the browser build carries one serde format, not two). Everything is
//!   URL-fragment safe; the UI puts it after `#`. A leading `#` is accepted when decoding. The `z.`
//!   tag names the encoding, so another one can be added later; the schema version travels inside.
//! - **saved state** (localStorage): either of the above; `restore` tells them apart by the `z.` tag.
//!   The UI stores the YAML, which stays readable if someone has to rescue it by hand.
//!
//! Every input is checked against `MAX_INPUT_BYTES` before parsing, and the version is checked before
//! any field error is reported, so a file from a newer wizard gets "newer version", not a confusing
//! field error.

use super::{Answers, SCHEMA_VERSION};
use crate::yaml;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use std::fmt;

/// Largest answers input (YAML text, share link, or a share link's decompressed text): 256 KiB.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// Tag of the current share-link encoding (deflate + YAML + base64url).
const SHARE_TAG: &str = "z.";

const YAML_HEADER: &str = "# aks-identity-wizard answers. Load it in the wizard, or run: wizard-cli answers.yaml --out DIR\n";

/// Why answers could not be read. Display gives a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    Empty,
    TooLarge { bytes: usize, limit: usize },
    /// Read fine, but written out as answers.yaml it would exceed the limit (compact JSON or flow
    /// style grows when written), so it could never be restored or imported again.
    TooLargeWhenWritten { bytes: usize, limit: usize },
    /// The text is not well-formed, or does not have the shape of answers.
    Parse { message: String, line: Option<usize>, column: Option<usize> },
    MissingVersion,
    /// Made by another version of the wizard.
    UnsupportedVersion { found: u64, supported: u32 },
    /// A share link that is cut off, damaged or of an unknown kind.
    BadLink(&'static str),
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::Empty => f.write_str("There is nothing to read: the input is empty."),
            CodecError::TooLarge { bytes, limit } => write!(
                f,
                "The input is too large ({} KiB); answers are at most {} KiB.",
                bytes.div_ceil(1024),
                limit / 1024
            ),
            CodecError::TooLargeWhenWritten { bytes, limit } => write!(
                f,
                "These answers would take {} KiB once saved as answers.yaml; answers are at most {} KiB. \
                 Remove some workloads or access grants and try again.",
                bytes.div_ceil(1024),
                limit / 1024
            ),
            CodecError::Parse { message, line: Some(l), column: Some(c) } => {
                write!(f, "The answers could not be read (line {l}, column {c}): {message}")
            }
            CodecError::Parse { message, line: Some(l), column: None } => {
                write!(f, "The answers could not be read (line {l}): {message}")
            }
            CodecError::Parse { message, .. } => write!(f, "The answers could not be read: {message}"),
            CodecError::MissingVersion => write!(
                f,
                "The answers have no `version` field; add `version: {SCHEMA_VERSION}` at the top."
            ),
            CodecError::UnsupportedVersion { found, supported } if *found > u64::from(*supported) => write!(
                f,
                "These answers are version {found}, made by a newer wizard; this one reads version {supported}. \
                 Open them in the newer wizard."
            ),
            CodecError::UnsupportedVersion { found, supported } => write!(
                f,
                "Version {found} is not a version of the answers format; this wizard reads version {supported}."
            ),
            CodecError::BadLink(why) => write!(f, "The share link cannot be opened: {why}."),
        }
    }
}

impl std::error::Error for CodecError {}

impl From<yaml::YamlError> for CodecError {
    fn from(e: yaml::YamlError) -> Self {
        CodecError::Parse { message: shorten(e.message), line: e.line, column: e.column }
    }
}

/// Longest parser message kept: the reader quotes the offending value whole, as serde did ("invalid
/// type: string \"...\""), which for a 200 KB value would bury the sentence.
const MAX_MESSAGE_CHARS: usize = 400;

fn shorten(message: String) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}...", &message[..cut]),
        None => message,
    }
}

/// Reads only `version`, ignoring everything else, so any future shape still yields its version.
#[derive(serde::Deserialize)]
struct VersionProbe {
    #[serde(default)]
    version: Option<u64>,
}

/// Share links are small (a few KB of YAML); the best compression keeps them shortest.
const DEFLATE_LEVEL: u8 = 9;

fn check_size(len: usize) -> Result<(), CodecError> {
    if len > MAX_INPUT_BYTES {
        Err(CodecError::TooLarge { bytes: len, limit: MAX_INPUT_BYTES })
    } else {
        Ok(())
    }
}

/// Turns a successful version probe into an error when the version is missing or not ours. A failed
/// probe (not a mapping, version not a number) falls through: the full parse explains it better.
fn check_version(probe: Option<VersionProbe>) -> Result<(), CodecError> {
    match probe {
        Some(VersionProbe { version: None }) => Err(CodecError::MissingVersion),
        Some(VersionProbe { version: Some(v) }) if v != u64::from(SCHEMA_VERSION) => {
            Err(CodecError::UnsupportedVersion { found: v, supported: SCHEMA_VERSION })
        }
        _ => Ok(()),
    }
}

/// answers.yaml text. Writing `Answers` cannot fail (plain strings, numbers and enums); should the YAML
/// library ever refuse, the text says so in a comment rather than panicking.
pub fn to_yaml(answers: &Answers) -> String {
    match yaml::to_string(answers) {
        Ok(body) => format!("{YAML_HEADER}{body}"),
        Err(e) => format!("# The answers could not be written: {e}\n"),
    }
}

/// Parse answers.yaml text. Does not validate the values (see `crate::validate`).
pub fn from_yaml(text: &str) -> Result<Answers, CodecError> {
    check_size(text.len())?;
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(CodecError::Empty);
    }
    read_answers(text)
}

/// The YAML of `Answers`, checked and read in as few libyaml passes as the outcome needs: one check,
/// then one typed read. Only when that read fails is the version probed (a third pass), so a file
/// from a newer wizard still gets "newer version" rather than a field error. Read answers carry their
/// version, which the probe would have read the same (it reads the same scalar, ignoring the rest).
fn read_answers(text: &str) -> Result<Answers, CodecError> {
    let doc = yaml::check(text)?;
    match doc.read::<Answers>() {
        Ok(answers) => {
            check_version(Some(VersionProbe { version: Some(u64::from(answers.version)) }))?;
            fits_when_written(answers)
        }
        Err(e) => {
            check_version(doc.read::<VersionProbe>().ok())?;
            Err(e.into())
        }
    }
}

/// What is read must be readable again once written: the UI autosaves `to_yaml`, and answers that
/// import but cannot be restored would be lost. Input written compactly (JSON, flow collections) or
/// leaving defaults out can write out larger than it came in.
fn fits_when_written(answers: Answers) -> Result<Answers, CodecError> {
    let written = to_yaml(&answers).len();
    if written > MAX_INPUT_BYTES {
        return Err(CodecError::TooLargeWhenWritten { bytes: written, limit: MAX_INPUT_BYTES });
    }
    Ok(answers)
}

/// The share-link payload: what goes into the URL fragment. Cannot fail, like `to_yaml`.
pub fn to_share(answers: &Answers) -> String {
    // Writing Answers cannot fail (see to_yaml); the header comment is left out to keep links short.
    let text = yaml::to_string(answers).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), DEFLATE_LEVEL);
    format!("{SHARE_TAG}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Open a share-link payload, with or without a leading `#`.
pub fn from_share(text: &str) -> Result<Answers, CodecError> {
    check_size(text.len())?;
    let text = text.trim();
    let text = text.strip_prefix('#').unwrap_or(text);
    if text.is_empty() {
        return Err(CodecError::Empty);
    }
    let Some(body) = text.strip_prefix(SHARE_TAG) else {
        return Err(CodecError::BadLink("it was not made by this wizard, or by a newer one"));
    };
    let packed = decode_base64url(body)?;
    // Raw deflate, as every version of the wizard wrote it (links from the wizard's own encoder open
    // too). The limit stops a small link that inflates to gigabytes.
    let unpacked = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INPUT_BYTES).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            CodecError::TooLarge { bytes: MAX_INPUT_BYTES + 1, limit: MAX_INPUT_BYTES }
        }
        _ => CodecError::BadLink("it is cut off or damaged; copy the whole link"),
    })?;
    let text = String::from_utf8(unpacked).map_err(|_| CodecError::BadLink("it is damaged; copy the whole link"))?;
    read_answers(&text)
}

/// The link body as bytes. Padding some tools add is accepted; the engine wants none.
fn decode_base64url(body: &str) -> Result<Vec<u8>, CodecError> {
    URL_SAFE_NO_PAD.decode(body.trim_end_matches('=')).map_err(|e| match e {
        // One character past a whole group, or stray bits in the last one: what a cut leaves.
        base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..) => {
            CodecError::BadLink("it is cut off; copy the whole link")
        }
        base64::DecodeError::InvalidByte(..) | base64::DecodeError::InvalidPadding => {
            CodecError::BadLink("it contains characters a share link never has")
        }
    })
}

/// Read saved state (localStorage): answers.yaml text or a share-link payload, told apart by the
/// share tag. The UI autosaves `to_yaml` so the stored text stays readable.
pub fn restore(saved: &str) -> Result<Answers, CodecError> {
    let t = saved.trim_start();
    // YAML files start with a `#` comment too, so a link's `#` only counts right before the tag.
    if t.strip_prefix('#').unwrap_or(t).starts_with(SHARE_TAG) {
        from_share(saved)
    } else {
        from_yaml(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trips_default() {
        let a = Answers::default();
        let text = to_yaml(&a);
        assert!(text.starts_with("# aks-identity-wizard"));
        assert!(text.contains("\nversion: 1\n"), "{text}");
        let back = from_yaml(&text).unwrap();
        assert_eq!(back, a);
        assert_eq!(to_yaml(&back), text);
    }

    #[test]
    fn share_link_round_trips_and_is_fragment_safe() {
        let a = Answers::default();
        let link = to_share(&a);
        assert!(link.starts_with("z."));
        assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{link}");
        assert_eq!(from_share(&link).unwrap(), a);
        assert_eq!(from_share(&format!("#{link}")).unwrap(), a);
        assert_eq!(restore(&to_share(&a)).unwrap(), a);
        assert_eq!(restore(&to_yaml(&a)).unwrap(), a);
    }

    #[test]
    fn future_and_missing_versions_are_clear_errors() {
        let text = to_yaml(&Answers::default()).replace("version: 1", "version: 2");
        let err = from_yaml(&text).unwrap_err();
        assert_eq!(err, CodecError::UnsupportedVersion { found: 2, supported: 1 });
        assert!(err.to_string().contains("newer wizard"), "{err}");
        // A future version may also add fields: still reported as a version problem.
        let with_new_field = format!("{text}new_section: {{a: 1}}\n");
        assert!(matches!(from_yaml(&with_new_field), Err(CodecError::UnsupportedVersion { found: 2, .. })));
        let zero = to_yaml(&Answers::default()).replace("version: 1", "version: 0");
        assert!(from_yaml(&zero).unwrap_err().to_string().contains("not a version"));
        let none = to_yaml(&Answers::default()).replace("version: 1\n", "");
        assert_eq!(from_yaml(&none), Err(CodecError::MissingVersion));
    }

    #[test]
    fn malformed_input_is_an_error_with_position() {
        assert_eq!(from_yaml(""), Err(CodecError::Empty));
        assert_eq!(from_yaml("# just a comment\n\n"), Err(CodecError::Empty));
        let text = to_yaml(&Answers::default()).replace("  name: aks-demo", "  nmae: aks-demo");
        match from_yaml(&text) {
            Err(CodecError::Parse { message, line: Some(_), .. }) => assert!(message.contains("nmae"), "{message}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(from_yaml("- a\n- b\n"), Err(CodecError::Parse { .. })));
        assert!(matches!(from_yaml("version: [1\n"), Err(CodecError::Parse { .. })));
    }

    #[test]
    fn compact_input_that_would_not_fit_once_written_is_refused() {
        // JSON is compact; the same answers as answers.yaml are larger. Find a size that reads in
        // under the limit but would be written past it, so could never be restored or imported.
        let mut a = Answers::default();
        let grant = a.workloads[0].grants[0].clone();
        a.workloads[0].grants = vec![grant; 1000];
        let mut json = serde_json::to_string(&a).unwrap();
        while to_yaml(&a).len() <= MAX_INPUT_BYTES {
            let more = a.workloads[0].grants[0].clone();
            a.workloads[0].grants.extend(std::iter::repeat_n(more, 50));
            json = serde_json::to_string(&a).unwrap();
        }
        assert!(json.len() <= MAX_INPUT_BYTES, "the JSON itself fits: {}", json.len());
        match from_yaml(&json) {
            Err(e @ CodecError::TooLargeWhenWritten { .. }) => assert!(e.to_string().contains("once saved"), "{e}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let big = format!("version: 1\n#{}\n", "x".repeat(MAX_INPUT_BYTES));
        assert!(matches!(from_yaml(&big), Err(CodecError::TooLarge { .. })));
        assert!(matches!(from_share(&format!("z.{}", "A".repeat(MAX_INPUT_BYTES))), Err(CodecError::TooLarge { .. })));
        // A small link that inflates past the limit (a zip bomb) is refused too.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_INPUT_BYTES + 10], 9);
        let link = format!("z.{}", URL_SAFE_NO_PAD.encode(&bomb));
        assert!(link.len() < 4096);
        assert!(matches!(from_share(&link), Err(CodecError::TooLarge { .. })));
    }

    #[test]
    fn links_made_with_the_earlier_deflate_still_open() {
        // The wizard's own encoder (src/deflate.rs, since removed) wrote one fixed-Huffman block; this
        // link was made by it from the default answers. Links made with miniz_oxide before that open
        // too (damaged_links_are_errors packs some that way).
        let old = concat!(
            "z.K0stKs7Mz7NSMOQqSc1LzCux4lJQSM7JL02xUnCsKi1KdQaxgWIQ2fhMoLgBFOhiIWAAqKO4NKk4uSizoARoPlifIRToYi",
            "FgAKgvJz85sQTspvLU4pLU0qL8glSuxJTczDyQ28CM-PSi_NKC-PykrNRkkJuKQTK6CkZQoIuFgAGQESB_xRclJSZbKZQUla",
            "YChVIyixOTclLjQXbnxCcmJ-eX5pUUQ6WTc0qB7igC2ZGbn5JqpZCXWg5kp1ZkFpdk5qWDxIG8vJKiRLA30xJzilPBYvmZKc",
            "nxmcXFpUDNSMLl-UXZOfmJKUDVQF2ZJZUIyaLU4vzSouRUiAetFIrSdROzi3VTUnPzgbJ5iblA25EFgM6JB7vVSgHks5JMsE",
            "1FqalcMEuAQaOrALMoHmJCZgrYAN3EggKoqcUFiclACaixxalFZZlAR0DDASIOVZ2WmpJalFiSmhKfXJQKNhYYYBBj0zKTkc",
            "0FklAJJMHM3MR0oEhucpFebmZyUX5xflqJXnJ-rj44UnSTczKtcoCmF5cA1WZn5qWANBfk5FfmAm0CCqUXJYLiBRzbJYlF6a",
            "lAxxWX5BcBDY1PyslPAocvPBAhtheXgOxPSSxJBMsCk2U8TAUwgFML8otKisEyeampKSCRxBSIMfk5QAXBENMVnICmK7gADV",
            "EIAipILYKYlQxMm1ZwC7kA",
        );
        assert_eq!(from_share(old), Ok(Answers::default()));
    }

    #[test]
    fn damaged_links_are_errors() {
        let link = to_share(&Answers::default());
        assert!(matches!(from_share(&link[..link.len() / 2]), Err(CodecError::BadLink(_))));
        assert_eq!(from_share("z.@@@"), Err(CodecError::BadLink("it contains characters a share link never has")));
        assert_eq!(from_share("z.Zm9vY"), Err(CodecError::BadLink("it is cut off; copy the whole link")));
        assert!(matches!(from_share("z.Zm+v"), Err(CodecError::BadLink(_))), "the standard alphabet is not url-safe");
        assert!(matches!(from_share("q.AAAA"), Err(CodecError::BadLink(_))));
        assert_eq!(from_share("#"), Err(CodecError::Empty));
        // Well-formed deflate of something that is not answers.
        let not_answers = format!("z.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 9)));
        assert!(matches!(from_share(&not_answers), Err(CodecError::Parse { .. })));
        let future = format!("z.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(br#"{"version":7}"#, 9)));
        assert_eq!(from_share(&future), Err(CodecError::UnsupportedVersion { found: 7, supported: 1 }));
    }

    /// Deep, wide and long documents (moved from the old reader's differential tests): each is read or
    /// refused in bounded time, whether it fits the size limit or is cut off by it. The bound tells a
    /// hang or a quadratic blow-up (minutes) from a slow debug build on a busy machine (under 1 s).
    #[test]
    fn hostile_documents_end_quickly() {
        let n = 100_000;
        let inputs = [
            "[".repeat(n),
            "{".repeat(n),
            "- ".repeat(n),
            format!("{}1{}", "[".repeat(1_000), "]".repeat(1_000)),
            (0..n).map(|i| format!("{}a:\n", " ".repeat(i % 300))).collect::<String>(),
            format!("version: 1\ntenant: {}\n", "x ".repeat(n)),
            format!("version: 1\ntenant: \"{}\"\n", "\\n".repeat(n)),
            format!("[{}]", "1,".repeat(n)),
            format!("{{{}}}", (0..20_000).map(|i| format!("k{i}: {i},")).collect::<String>()),
            (0..20_000).map(|i| format!("k{i}: v\n")).collect::<String>(),
            "a:\n".repeat(n),
            "\n".repeat(n),
            "#\n".repeat(n),
            "'".repeat(n),
            format!("version: 1\ntenant: |\n{}", "  x\n".repeat(n / 2)),
            format!("version: 1\ntenant: {{tenant_id: {}}}\n", "x".repeat(10_000)),
        ];
        for text in &inputs {
            let started = std::time::Instant::now();
            let got = from_yaml(text);
            let took = started.elapsed();
            assert!(took.as_secs() < 10, "{} bytes starting {:?}: {took:?}", text.len(), &text[..20.min(text.len())]);
            assert!(got.is_err(), "{} bytes starting {:?}", text.len(), &text[..20.min(text.len())]);
        }
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
                    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\nversion: 1\n";
        assert!(from_yaml(bomb).is_err());
    }
}
