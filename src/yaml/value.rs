//! The YAML document model: what `to_value` produces and `from_value` reads. Mappings keep insertion
//! order (the order fields were serialised in), like the documents the wizard writes.

use std::fmt;

/// One YAML node. Tags, anchors and aliases do not exist here: the reader refuses them.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Sequence(Sequence),
    Mapping(Mapping),
}

pub type Sequence = Vec<Value>;

/// An integer or a float.
#[derive(Debug, Clone, PartialEq)]
pub struct Number(pub(crate) N);

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum N {
    U(u64),
    I(i64),
    /// A float as YAML text that reads back as it (`1.5`, `.inf`), so floats compare by that text.
    /// Text because no answer is a float: converting and formatting `f64` here would bring Rust's
    /// float parsing and printing (over 10 KB) into the wasm for generic documents only.
    F(Box<str>),
}

impl From<u64> for Number {
    fn from(v: u64) -> Self {
        Number(N::U(v))
    }
}
impl From<i64> for Number {
    fn from(v: i64) -> Self {
        Number(if v < 0 { N::I(v) } else { N::U(v as u64) })
    }
}
impl From<f64> for Number {
    fn from(v: f64) -> Self {
        let text = if v.is_nan() {
            ".nan".to_string()
        } else if v.is_infinite() {
            if v > 0.0 { ".inf" } else { "-.inf" }.to_string()
        } else {
            format!("{v:?}")
        };
        Number(N::F(text.into()))
    }
}

impl Number {
    /// A plain scalar the reader resolved as a float.
    pub(crate) fn float_text(text: String) -> Self {
        Number(N::F(text.into()))
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::U(v) => Some(v),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::U(v) => i64::try_from(v).ok(),
            N::I(v) => Some(v),
            N::F(_) => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match &self.0 {
            N::U(v) => Some(*v as f64),
            N::I(v) => Some(*v as f64),
            N::F(t) => {
                let t = t.strip_prefix('+').unwrap_or(t);
                match t {
                    ".inf" | ".Inf" | ".INF" => Some(f64::INFINITY),
                    "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
                    ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
                    _ => t.parse().ok(),
                }
            }
        }
    }
}

impl fmt::Display for Number {
    /// The YAML text of the number: it reads back as the same number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            N::U(v) => write!(f, "{v}"),
            N::I(v) => write!(f, "{v}"),
            N::F(t) => f.write_str(t),
        }
    }
}

/// An ordered mapping. Lookups are linear: the documents here have a handful of keys per mapping.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    entries: Vec<(Value, Value)>,
}

impl Mapping {
    pub fn new() -> Self {
        Mapping::default()
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
    fn index_of(&self, key: &Value) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == key)
    }
    /// The value under the string key `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries.iter_mut().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
    }
    /// Insert or replace; a replaced entry keeps its place. Returns the old value.
    pub fn insert(&mut self, key: Value, value: Value) -> Option<Value> {
        match self.index_of(&key) {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.entries.iter().position(|(k, _)| k.as_str() == Some(key))?;
        Some(self.entries.remove(i).1)
    }
    pub fn entry(&mut self, key: Value) -> Entry<'_> {
        Entry { map: self, key }
    }
    /// A mapping of entries whose keys are known to differ (the parser refuses duplicates), built
    /// without the per-key search `insert` does, which is quadratic on large documents.
    pub(crate) fn from_distinct(entries: Vec<(Value, Value)>) -> Self {
        Mapping { entries }
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = (&'a Value, &'a Value);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (Value, Value)>, fn(&'a (Value, Value)) -> (&'a Value, &'a Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl IntoIterator for Mapping {
    type Item = (Value, Value);
    type IntoIter = std::vec::IntoIter<(Value, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// A slot in a mapping, as `Mapping::entry` finds it.
pub struct Entry<'a> {
    map: &'a mut Mapping,
    key: Value,
}

impl<'a> Entry<'a> {
    pub fn or_insert(self, default: Value) -> &'a mut Value {
        let i = match self.map.index_of(&self.key) {
            Some(i) => i,
            None => {
                self.map.entries.push((self.key, default));
                self.map.entries.len() - 1
            }
        };
        &mut self.map.entries[i].1
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn as_sequence(&self) -> Option<&Sequence> {
        match self {
            Value::Sequence(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_sequence_mut(&mut self) -> Option<&mut Sequence> {
        match self {
            Value::Sequence(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_mapping_mut(&mut self) -> Option<&mut Mapping> {
        match self {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }
}
