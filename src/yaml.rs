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
    fn syntax_error_is_a_value() {
        let err = from_str::<Doc>("name: [unclosed\n").unwrap_err();
        assert!(err.line.is_some());
    }
}
