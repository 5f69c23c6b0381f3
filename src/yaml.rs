//! The one door to YAML: a small reader and writer of our own (serde_yaml and its libyaml port cost
//! ~150 KB of wasm). Nothing else in the crate knows how YAML is read or written.
//!
//! - `to_string`: serde → `Value` (`ser`) → block YAML text (`emit`), laid out and quoted as serde_yaml
//!   does, so files written before stay byte-identical.
//! - `from_str`: text → position-carrying nodes (`parse`) → `FromYaml` (`de`), so syntax and shape
//!   errors (unknown field, wrong type) carry line and column. The reader covers the YAML people write
//!   by hand and JSON; anchors, aliases, tags, several documents and complex keys are refused with a
//!   message naming the feature (see `parse`). Types are read by hand-written `FromYaml` impls
//!   (`yaml_struct!`, `yaml_enum!`) rather than serde's `Deserialize`, which cost far more wasm.
//! - `to_value` / `from_value`: the document model for generic field edits (`validate::path`).

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

mod de;
mod emit;
mod parse;
mod ser;
mod value;

pub use de::FromYaml;
pub(crate) use de::{read, variant, yaml_enum, yaml_struct, Fields};
pub(crate) use parse::Node;
pub use value::{Entry, Mapping, Number, Sequence, Value};

pub(crate) use sealed::Error;

/// `pub` in name only, inside a private module: `FromYaml` can name the types its method takes while
/// no other crate can see them, so only this crate implements it.
mod sealed {
    /// The internal error of the reader and writer: a message and, when known, where.
    #[derive(Debug)]
    pub struct Error {
        pub(super) msg: String,
        /// Byte offset in the normalised text, when the error is about a place in it.
        pub(super) off: Option<usize>,
    }
}

impl Error {
    pub(crate) fn msg(m: impl Into<String>) -> Self {
        Error { msg: m.into(), off: None }
    }
    /// Attach a position unless a more precise (inner) one is already there.
    pub(crate) fn at(mut self, off: Option<usize>) -> Self {
        if self.off.is_none() {
            self.off = off;
        }
        self
    }

    /// The public error, with line and column worked out from `text`.
    fn located(self, text: &str) -> YamlError {
        let pos = self.off.map(|o| parse::locate(text, o));
        YamlError { message: self.msg, line: pos.map(|p| p.0), column: pos.map(|p| p.1) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::msg(msg.to_string())
    }
}

impl From<Error> for YamlError {
    fn from(e: Error) -> Self {
        YamlError { message: e.msg, line: None, column: None }
    }
}

/// Serialise a value as one YAML document (no leading `---`). Fails only for shapes YAML cannot hold
/// (e.g. maps with non-scalar keys), never for the crate's own types.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    Ok(emit::emit(&to_value(value)?)?)
}

/// Parse one YAML document into `T`. Errors carry the position when known.
pub fn from_str<T: FromYaml>(text: &str) -> Result<T, YamlError> {
    let text = parse::normalize(text);
    parse::parse(&text).and_then(de::read::<T>).map_err(|e| e.located(&text))
}

/// A value as its YAML document model.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, YamlError> {
    Ok(value.serialize(ser::ValueSer)?)
}

/// A typed value back from the document model; fails when the shape does not fit `T`.
pub fn from_value<T: FromYaml>(value: Value) -> Result<T, YamlError> {
    Ok(de::read::<T>(de::node_from_value(value))?)
}

/// Paths (`a.b[2].c`, the answers' field-path grammar) of every string in `value` for which `bad`
/// holds. Lets callers check all text fields generically without naming a serde format.
pub fn find_strings<T: Serialize + ?Sized>(value: &T, bad: impl Fn(&str) -> bool) -> Vec<String> {
    fn walk(v: &Value, path: &str, bad: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
        match v {
            Value::String(s) if bad(s) => out.push(path.to_string()),
            Value::Sequence(items) => {
                for (k, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{k}]"), bad, out);
                }
            }
            Value::Mapping(map) => {
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
    if let Ok(v) = to_value(value) {
        walk(&v, "", &bad, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Doc {
        name: String,
        tags: Vec<String>,
    }

    yaml_struct!(#[serde(deny_unknown_fields)] Doc { name, tags });

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
    }

    #[test]
    fn find_strings_names_paths() {
        let d = Doc { name: "ok".into(), tags: vec!["fine".into(), "bad\0".into()] };
        assert_eq!(find_strings(&d, |s| s.contains('\0')), vec!["tags[1]".to_string()]);
        assert!(find_strings(&d, |s| s.contains('#')).is_empty());
    }

    #[test]
    fn syntax_error_is_a_value() {
        let err = from_str::<Doc>("name: [unclosed\n").unwrap_err();
        assert!(err.line.is_some());
    }
}
