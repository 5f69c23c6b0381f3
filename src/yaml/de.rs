//! `Node` → serde: the only Deserializer. `from_str` parses to a `Node`; `from_value` turns a `Value`
//! into one (without positions), so every type is deserialised by one piece of monomorphised code.
//!
//! Plain scalars resolve as serde_yaml resolves them (YAML 1.2 core schema): `null`/`~`/empty, `true`/
//! `false`, integers (decimal, `0x`, `0o`, `0b`), floats (`.inf`, `.nan`). Quoted and block scalars are
//! always strings. A string field takes any scalar's text, as in serde_yaml.

use super::parse::{Kind, Node, NOWHERE};
use super::value::Value;
use super::Error;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};

pub(crate) fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Leading zeros followed by digits make a string in YAML 1.2 (`0123`).
pub(crate) fn digits_but_not_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

fn radix(s: &str) -> Option<(&str, u32)> {
    for (p, r) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = s.strip_prefix(p) {
            return (!rest.starts_with(['+', '-'])).then_some((rest, r));
        }
    }
    None
}

fn parse_uint(s: &str) -> Option<u64> {
    let u = s.strip_prefix('+').unwrap_or(s);
    if let Some((rest, r)) = radix(u) {
        if let Ok(v) = u64::from_str_radix(rest, r) {
            return Some(v);
        }
    }
    if u.starts_with(['+', '-']) || digits_but_not_number(s) {
        return None;
    }
    u.parse().ok()
}

fn parse_neg_int(s: &str) -> Option<i64> {
    let rest = s.strip_prefix('-')?;
    if let Some((digits, r)) = radix(rest) {
        if let Ok(v) = i64::from_str_radix(&format!("-{digits}"), r) {
            return Some(v);
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    s.parse().ok()
}

fn parse_f64(s: &str) -> Option<f64> {
    let u = match s.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => s,
    };
    match u {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" if u.len() == s.len() => return Some(f64::NAN),
        _ => {}
    }
    u.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// What a plain scalar resolves to. Not generic, so the per-type deserialisers stay small.
enum Scalar {
    Null,
    Bool(bool),
    U(u64),
    I(i64),
    F(f64),
    Str,
}

#[inline(never)]
fn classify(s: &str) -> Scalar {
    if is_null(s) {
        Scalar::Null
    } else if let Some(b) = parse_bool(s) {
        Scalar::Bool(b)
    } else if let Some(n) = parse_uint(s) {
        Scalar::U(n)
    } else if let Some(n) = parse_neg_int(s) {
        Scalar::I(n)
    } else if let Some(f) = parse_f64(s).filter(|_| !digits_but_not_number(s)) {
        Scalar::F(f)
    } else {
        Scalar::Str
    }
}

/// Whether plain `s` reads as null, a boolean or a number (so writing it as a string needs quotes).
pub(crate) fn resolves_to_non_string(s: &str) -> bool {
    !matches!(classify(s), Scalar::Str)
}

fn visit_plain<'de, V: Visitor<'de>>(s: String, v: V) -> Result<V::Value, Error> {
    match classify(&s) {
        Scalar::Null => v.visit_unit(),
        Scalar::Bool(b) => v.visit_bool(b),
        Scalar::U(n) => v.visit_u64(n),
        Scalar::I(n) => v.visit_i64(n),
        Scalar::F(f) => v.visit_f64(f),
        Scalar::Str => v.visit_string(s),
    }
}

impl Node {
    fn at(&self) -> Option<usize> {
        (self.off != NOWHERE).then_some(self.off as usize)
    }
}

/// A `Value` as a node: strings become quoted scalars, everything else plain text that resolves back.
pub(crate) fn node_from_value(v: Value) -> Node {
    let kind = match v {
        Value::Null => Kind::Plain(String::new()),
        Value::Bool(b) => Kind::Plain(if b { "true" } else { "false" }.to_string()),
        Value::Number(n) => Kind::Plain(n.to_string()),
        Value::String(s) => Kind::Quoted(s),
        Value::Sequence(items) => Kind::Seq(items.into_iter().map(node_from_value).collect()),
        Value::Mapping(m) => Kind::Map(m.into_iter().map(|(k, v)| (node_from_value(k), node_from_value(v))).collect()),
    };
    Node { off: NOWHERE, kind }
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let at = self.at();
        match self.kind {
            Kind::Plain(s) => visit_plain(s, v),
            Kind::Quoted(s) => v.visit_string(s),
            Kind::Seq(items) => {
                let len = items.len();
                let mut acc = SeqAcc(items.into_iter());
                let r = v.visit_seq(&mut acc)?;
                match acc.0.len() {
                    0 => Ok(r),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements")),
                }
            }
            Kind::Map(entries) => v.visit_map(MapAcc { it: entries.into_iter(), value: None }),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let at = self.at();
        match self.kind {
            Kind::Plain(s) | Kind::Quoted(s) => v.visit_string(s).map_err(|e: Error| e.at(at)),
            _ => self.deserialize_any(v),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let at = self.at();
        match &self.kind {
            Kind::Plain(s) if is_null(s) => v.visit_none(),
            _ => v.visit_some(self),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, Error> {
        let at = self.at();
        v.visit_newtype_struct(self).map_err(|e| e.at(at))
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        let at = self.at();
        match self.kind {
            Kind::Plain(s) | Kind::Quoted(s) => v.visit_enum(IntoDeserializer::<Error>::into_deserializer(s)),
            Kind::Map(entries) if entries.len() == 1 => match entries.into_iter().next() {
                Some((k, val)) => v.visit_enum(VariantAcc(k, val)),
                None => Err(Error::msg("empty mapping")),
            },
            Kind::Map(_) => Err(de::Error::invalid_type(Unexpected::Map, &"a variant name or a one-entry mapping")),
            Kind::Seq(_) => Err(de::Error::invalid_type(Unexpected::Seq, &"a variant name")),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct
    }
}

struct SeqAcc(std::vec::IntoIter<Node>);

impl<'de> de::SeqAccess<'de> for SeqAcc {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|n| seed.deserialize(n)).transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapAcc {
    it: std::vec::IntoIter<(Node, Node)>,
    value: Option<Node>,
}

impl<'de> de::MapAccess<'de> for MapAcc {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.it.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(v),
            None => Err(Error::msg("a mapping value was read before its key")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.it.len())
    }
}

/// `{Variant: content}`.
struct VariantAcc(Node, Node);

impl<'de> de::EnumAccess<'de> for VariantAcc {
    type Error = Error;
    type Variant = Node;
    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Node), Error> {
        Ok((seed.deserialize(self.0)?, self.1))
    }
}

impl<'de> de::VariantAccess<'de> for Node {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, v)
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self, v)
    }
}
