//! The one door to YAML. serde_yaml is deprecated upstream, so nothing else in the crate names it:
//! swapping the YAML library means editing this file only.

use serde::{de::DeserializeOwned, Serialize};
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
        let loc = e.location();
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; we carry the position as numbers instead, so the
        // UI can place it, and drop the duplicate from the text.
        if let Some(l) = &loc {
            let suffix = format!(" at line {} column {}", l.line(), l.column());
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_string();
            }
        }
        YamlError { message, line: loc.as_ref().map(|l| l.line()), column: loc.as_ref().map(|l| l.column()) }
    }
}

/// Serialise a value as one YAML document (no leading `---`). Fails only for shapes YAML cannot hold
/// (e.g. maps with non-string keys), never for the crate's own types.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(YamlError::from)
}

/// Parse one YAML document into `T`. Errors carry the position when known.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(YamlError::from)
}

/// The YAML document model, for code that edits any field generically (`validate::path`).
pub use serde_yaml::Value;

/// A value as its YAML document model.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, YamlError> {
    serde_yaml::to_value(value).map_err(YamlError::from)
}

/// A typed value back from the document model; fails when the shape does not fit `T`.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, YamlError> {
    serde_yaml::from_value(value).map_err(YamlError::from)
}

/// Paths (`a.b[2].c`, the answers' field-path grammar) of every string in `value` for which `bad`
/// holds. Lets callers check all text fields generically without naming a serde format.
pub fn find_strings<T: Serialize + ?Sized>(value: &T, bad: impl Fn(&str) -> bool) -> Vec<String> {
    fn walk(v: &serde_yaml::Value, path: &str, bad: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
        match v {
            serde_yaml::Value::String(s) if bad(s) => out.push(path.to_string()),
            serde_yaml::Value::Sequence(items) => {
                for (k, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{k}]"), bad, out);
                }
            }
            serde_yaml::Value::Mapping(map) => {
                for (key, item) in map {
                    let key = key.as_str().unwrap_or_default();
                    let p = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
                    walk(item, &p, bad, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_yaml::to_value(value) {
        walk(&v, "", &bad, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        labels: BTreeMap<String, String>,
    }

    #[test]
    fn round_trips_and_quotes_ambiguous_strings() {
        let mut labels = BTreeMap::new();
        // Kubernetes wants the string "true", not a boolean: the writer must quote it.
        labels.insert("azure.workload.identity/use".to_string(), "true".to_string());
        let d = Doc { name: "a: b".into(), labels };
        let text = to_string(&d).expect("serialise");
        assert!(text.contains("azure.workload.identity/use: 'true'"), "{text}");
        assert_eq!(from_str::<Doc>(&text).expect("parse"), d);
    }

    #[test]
    fn errors_carry_position_without_duplicating_it() {
        let err = from_str::<Doc>("name: x\nlabels: {}\nextra: 1\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.column.is_some());
        assert!(err.message.contains("unknown field `extra`"), "{}", err.message);
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert!(err.to_string().starts_with("line 3, column "), "{err}");
    }

    #[test]
    fn find_strings_names_paths() {
        let mut labels = BTreeMap::new();
        labels.insert("k".to_string(), "bad\0".to_string());
        let d = Doc { name: "ok".into(), labels };
        assert_eq!(find_strings(&d, |s| s.contains('\0')), vec!["labels.k".to_string()]);
        assert!(find_strings(&d, |s| s.contains('#')).is_empty());
    }

    #[test]
    fn syntax_error_is_a_value() {
        let err = from_str::<Doc>("name: [unclosed\n").unwrap_err();
        assert!(err.line.is_some());
    }
}
