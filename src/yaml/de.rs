//! `Node` → typed values: the reader behind `from_str` and `from_value`, written by hand instead of
//! serde's `Deserialize` (its generic visitors were the largest code in the wasm). It reads as serde's
//! derived `Deserialize` read these nodes, with the same messages: `FromYaml` for text, booleans,
//! integers, lists, options and the document model; `yaml_struct!` / `yaml_enum!` for the crate's
//! types, mirroring their serde names, `default`s and `deny_unknown_fields`.
//!
//! Plain scalars resolve as serde_yaml resolves them (YAML 1.2 core schema): `null`/`~`/empty, `true`/
//! `false`, integers (decimal, `0x`, `0o`, `0b`), floats (`.inf`, `.nan`). Quoted and block scalars are
//! always strings. A text field takes any scalar's text, as in serde_yaml. No field is a float, so
//! floats are only recognised (for "invalid type" and for quoting), never converted: that keeps
//! float parsing and formatting out of the wasm.

use super::parse::{Kind, Node, NOWHERE};
use super::value::{Mapping, Number, Value};
use super::Error;

/// A type `crate::yaml::from_str` and `from_value` can produce.
pub trait FromYaml: Sized {
    #[doc(hidden)]
    fn from_node(node: Node) -> Result<Self, Error>;
}

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

/// Significant digits of the smallest decimal that Rust's `f64` parser rounds to infinity: halfway
/// between `f64::MAX` and 2^1024 (a tie, which rounds to even, so up).
const F64_OVERFLOW: &str = concat!(
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587",
    "207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711",
    "531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093",
    "042880177904174497792",
);

/// Whether Rust's `f64` parser reads `s` as a finite number, decided from the text alone: `[+-]`
/// digits with an optional `.` and fraction (at least one digit), an optional exponent, and a value
/// below the overflow point. `inf`/`nan` parse too, but are not finite.
fn finite_decimal(s: &str) -> bool {
    let digits = |t: &[u8]| t.iter().take_while(|c| c.is_ascii_digit()).count();
    let b = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let (int, rest) = b.split_at(digits(b));
    let (frac, rest) = match rest.split_first() {
        Some((b'.', after)) => after.split_at(digits(after)),
        _ => (&[][..], rest),
    };
    if int.is_empty() && frac.is_empty() {
        return false;
    }
    let mut exp: i64 = 0;
    match rest.split_first() {
        None => {}
        Some((b'e' | b'E', after)) => {
            let (neg, after) = match after.split_first() {
                Some((b'-', a)) => (true, a),
                Some((b'+', a)) => (false, a),
                _ => (false, after),
            };
            if after.is_empty() || digits(after) != after.len() {
                return false;
            }
            for &d in after {
                // Saturates far beyond any decimal exponent an f64 can reach.
                exp = (exp * 10 + i64::from(d - b'0')).min(1 << 40);
            }
            if neg {
                exp = -exp;
            }
        }
        Some(_) => return false,
    }
    // The value is 0.D × 10^e, D the digits from the first non-zero one.
    let all = int.iter().chain(frac);
    let zeros = all.clone().take_while(|&&c| c == b'0').count();
    if zeros == int.len() + frac.len() {
        return true;
    }
    let e = int.len() as i64 - zeros as i64 + exp;
    let limit = F64_OVERFLOW.len() as i64;
    e < limit || (e == limit && all.skip(zeros).copied().lt(F64_OVERFLOW.bytes()))
}

/// Whether plain `s` is a YAML float that serde_yaml reads as a (finite or special) `f64`.
fn is_float(s: &str) -> bool {
    let u = match s.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return false,
        Some(u) => u,
        None => s,
    };
    matches!(u, ".inf" | ".Inf" | ".INF" | "-.inf" | "-.Inf" | "-.INF")
        || (u.len() == s.len() && matches!(u, ".nan" | ".NaN" | ".NAN"))
        || finite_decimal(u)
}

/// What a plain scalar resolves to. Not generic, so the per-type readers stay small.
enum Scalar {
    Null,
    Bool(bool),
    U(u64),
    I(i64),
    F,
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
    } else if is_float(s) && !digits_but_not_number(s) {
        Scalar::F
    } else {
        Scalar::Str
    }
}

/// Whether plain `s` reads as null, a boolean or a number (so writing it as a string needs quotes).
pub(crate) fn resolves_to_non_string(s: &str) -> bool {
    !matches!(classify(s), Scalar::Str)
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

// ---------- errors, worded as serde words them ----------

fn pos(off: u32) -> Option<usize> {
    (off != NOWHERE).then_some(off as usize)
}

fn error_at(off: u32, msg: String) -> Error {
    Error::msg(msg).at(pos(off))
}

/// Where an error about `node` points when nothing inside it is more precise: the node itself, except
/// for a list, where serde left it to the enclosing node (kept, so messages point where they did).
fn own_pos(node: &Node) -> Option<usize> {
    match node.kind {
        Kind::Seq(_) => None,
        _ => pos(node.off),
    }
}

/// Read one node as `T`, positioning any error as serde did (`own_pos`). Every node is read through
/// here, the document root included.
pub(crate) fn read<T: FromYaml>(node: Node) -> Result<T, Error> {
    let at = own_pos(&node);
    T::from_node(node).map_err(|e| e.at(at))
}

/// What the node holds, as serde's `Unexpected` names it.
fn unexpected(node: &Node) -> String {
    match &node.kind {
        Kind::Plain(s) => match classify(s) {
            Scalar::Null => "unit value".into(),
            Scalar::Bool(b) => format!("boolean `{b}`"),
            Scalar::U(n) => format!("integer `{n}`"),
            Scalar::I(n) => format!("integer `{n}`"),
            // serde prints the parsed value (`1e3` as `1000.0`); the text as written says as much.
            Scalar::F => format!("floating point `{}`", match s.trim_start_matches('+') {
                ".inf" | ".Inf" | ".INF" => "inf",
                "-.inf" | "-.Inf" | "-.INF" => "-inf",
                ".nan" | ".NaN" | ".NAN" => "NaN",
                t => t,
            }),
            Scalar::Str => quoted_string(s),
        },
        Kind::Quoted(s) => quoted_string(s),
        Kind::Seq(_) => "sequence".into(),
        Kind::Map(_) => "map".into(),
    }
}

/// `string "…"` as serde shows it, with quotes, backslashes and control characters escaped. Written
/// out rather than `{:?}`, whose Unicode tables would add kilobytes to the wasm for an error message.
fn quoted_string(s: &str) -> String {
    let mut out = String::from("string \"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Without a position: `read` adds it.
fn invalid_type(node: &Node, expected: &str) -> Error {
    Error::msg(format!("invalid type: {}, expected {expected}", unexpected(node)))
}

/// `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        2 => quoted.join(" or "),
        0 | 1 => quoted.concat(),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

// ---------- scalars, lists, options, the document model ----------

impl FromYaml for String {
    fn from_node(node: Node) -> Result<Self, Error> {
        match node.kind {
            Kind::Plain(s) | Kind::Quoted(s) => Ok(s),
            _ => Err(invalid_type(&node, "a string")),
        }
    }
}

impl FromYaml for bool {
    fn from_node(node: Node) -> Result<Self, Error> {
        if let Kind::Plain(s) = &node.kind {
            if let Scalar::Bool(b) = classify(s) {
                return Ok(b);
            }
        }
        Err(invalid_type(&node, "a boolean"))
    }
}

/// An unsigned integer up to `max`; `name` is the Rust type, as serde names it in messages.
fn uint(node: Node, max: u64, name: &str) -> Result<u64, Error> {
    if let Kind::Plain(s) = &node.kind {
        match classify(s) {
            Scalar::U(n) if n <= max => return Ok(n),
            // `-0`
            Scalar::I(0) => return Ok(0),
            Scalar::U(_) | Scalar::I(_) => {
                return Err(Error::msg(format!("invalid value: {}, expected {name}", unexpected(&node))))
            }
            _ => {}
        }
    }
    Err(invalid_type(&node, name))
}

impl FromYaml for u32 {
    fn from_node(node: Node) -> Result<Self, Error> {
        uint(node, u32::MAX.into(), "u32").map(|n| n as u32)
    }
}

impl FromYaml for u64 {
    fn from_node(node: Node) -> Result<Self, Error> {
        uint(node, u64::MAX, "u64")
    }
}

impl<T: FromYaml> FromYaml for Vec<T> {
    fn from_node(node: Node) -> Result<Self, Error> {
        match node.kind {
            Kind::Seq(items) => items.into_iter().map(read).collect(),
            _ => Err(invalid_type(&node, "a sequence")),
        }
    }
}

/// Null is `None`; anything else must read as `T`.
impl<T: FromYaml> FromYaml for Option<T> {
    fn from_node(node: Node) -> Result<Self, Error> {
        let at = pos(node.off);
        match &node.kind {
            Kind::Plain(s) if is_null(s) => Ok(None),
            // serde positioned errors here even for a list.
            _ => T::from_node(node).map(Some).map_err(|e| e.at(at)),
        }
    }
}

/// Any document. Mapping keys are read as their text (the crate's documents only have text keys);
/// a float keeps the text it was written as.
impl FromYaml for Value {
    fn from_node(node: Node) -> Result<Self, Error> {
        Ok(match node.kind {
            Kind::Plain(s) => match classify(&s) {
                Scalar::Null => Value::Null,
                Scalar::Bool(b) => Value::Bool(b),
                Scalar::U(n) => Value::Number(n.into()),
                Scalar::I(n) => Value::Number(n.into()),
                Scalar::F => Value::Number(Number::float_text(s)),
                Scalar::Str => Value::String(s),
            },
            Kind::Quoted(s) => Value::String(s),
            Kind::Seq(items) => Value::Sequence(items.into_iter().map(read).collect::<Result<_, _>>()?),
            Kind::Map(entries) => Value::Mapping(Mapping::from_distinct(
                entries.into_iter().map(|(k, v)| Ok((Value::String(read(k)?), read(v)?))).collect::<Result<_, Error>>()?,
            )),
        })
    }
}

// ---------- structs and enums (through the macros below) ----------

enum Source {
    Map(std::vec::IntoIter<(Node, Node)>),
    /// serde also reads a struct from a list of its fields in order: the items left, and how many
    /// there were.
    Seq(std::vec::IntoIter<Node>, usize),
}

/// A struct's fields as they come, in document order (serde reads them in that order, so the first
/// error in the text is the one reported). Used by `yaml_struct!`.
pub(crate) struct Fields {
    /// serde's name for the type, e.g. `struct Answers`.
    what: &'static str,
    names: &'static [&'static str],
    deny_unknown: bool,
    /// Where the struct starts: errors about it as a whole point there.
    off: u32,
    src: Source,
    /// Bit `i`: field `i` was given.
    seen: u64,
}

impl Fields {
    pub(crate) fn new(
        node: Node,
        what: &'static str,
        names: &'static [&'static str],
        deny_unknown: bool,
    ) -> Result<Self, Error> {
        let src = match node.kind {
            Kind::Map(entries) => Source::Map(entries.into_iter()),
            Kind::Seq(items) => {
                let n = items.len();
                Source::Seq(items.into_iter(), n)
            }
            _ => return Err(invalid_type(&node, what)),
        };
        Ok(Fields { what, names, deny_unknown, off: node.off, src, seen: 0 })
    }

    /// The next field given: its index in `names` and its value. Unknown fields are an error with
    /// `deny_unknown`, else skipped unread.
    pub(crate) fn next(&mut self) -> Result<Option<(usize, Node)>, Error> {
        match &mut self.src {
            Source::Map(entries) => {
                for (key, value) in entries.by_ref() {
                    let name = match &key.kind {
                        Kind::Plain(s) | Kind::Quoted(s) => s,
                        _ => return Err(invalid_type(&key, "field identifier").at(own_pos(&key))),
                    };
                    match self.names.iter().position(|n| n == name) {
                        Some(i) => {
                            let bit = 1u64.checked_shl(i as u32).unwrap_or(0);
                            if self.seen & bit != 0 {
                                return Err(Error::msg(format!("duplicate field `{name}`")));
                            }
                            self.seen |= bit;
                            return Ok(Some((i, value)));
                        }
                        None if self.deny_unknown => {
                            let msg = format!("unknown field `{name}`, expected {}", one_of(self.names));
                            return Err(error_at(key.off, msg));
                        }
                        None => {}
                    }
                }
                Ok(None)
            }
            Source::Seq(items, len) => {
                let read = *len - items.len();
                if read < self.names.len() {
                    Ok(items.next().map(|item| (read, item)))
                } else if items.len() > 0 {
                    Err(error_at(self.off, format!("invalid length {len}, expected fewer elements")))
                } else {
                    Ok(None)
                }
            }
        }
    }

    /// The error for field `i` left out (and without a default).
    pub(crate) fn missing(&self, i: usize) -> Error {
        let n = self.names.len();
        Error::msg(match self.src {
            Source::Map(_) => format!("missing field `{}`", self.names.get(i).unwrap_or(&"")),
            Source::Seq(..) => {
                let s = if n == 1 { "" } else { "s" };
                format!("invalid length {i}, expected {} with {n} element{s}", self.what)
            }
        })
    }
}

/// The index in `names` of the variant `node` names: `name`, or `{name: null}` as serde also reads a
/// unit variant. Used by `yaml_enum!`.
pub(crate) fn variant(node: Node, names: &'static [&'static str]) -> Result<usize, Error> {
    let find = |key: &Node| match &key.kind {
        Kind::Plain(s) | Kind::Quoted(s) => names
            .iter()
            .position(|n| n == s)
            .ok_or_else(|| error_at(key.off, format!("unknown variant `{s}`, expected {}", one_of(names)))),
        _ => Err(invalid_type(key, "variant identifier").at(own_pos(key)).at(pos(node.off))),
    };
    match &node.kind {
        Kind::Plain(_) | Kind::Quoted(_) => find(&node),
        Kind::Map(entries) => match entries.as_slice() {
            [(key, content)] => {
                let i = find(key)?;
                match &content.kind {
                    Kind::Plain(s) if is_null(s) => Ok(i),
                    _ => Err(invalid_type(content, "unit").at(own_pos(content)).at(pos(node.off))),
                }
            }
            _ => Err(invalid_type(&node, "a variant name or a one-entry mapping").at(pos(node.off))),
        },
        Kind::Seq(_) => Err(invalid_type(&node, "a variant name").at(pos(node.off))),
    }
}

/// `FromYaml` for a struct, mirroring its serde attributes: the fields in declaration order (named as
/// in Rust), `#[serde(default)]` on those that may be left out, `#[serde(deny_unknown_fields)]` on
/// the struct. Fields of a type without `FromYaml` do not compile.
macro_rules! yaml_struct {
    ($(#[serde($deny:ident)])? $ty:ident { $( $(#[serde($default:ident)])? $field:ident ),* $(,)? }) => {
        impl $crate::yaml::FromYaml for $ty {
            fn from_node(node: $crate::yaml::Node) -> ::core::result::Result<Self, $crate::yaml::Error> {
                // Field indices, by name.
                #[allow(non_camel_case_types)]
                enum Field { $($field),* }
                let names = &[$(stringify!($field)),*];
                let deny = $crate::yaml::yaml_struct!(@deny $($deny)?);
                let mut fields = $crate::yaml::Fields::new(node, concat!("struct ", stringify!($ty)), names, deny)?;
                $( let mut $field = None; )*
                while let Some((i, value)) = fields.next()? {
                    $(
                        if i == Field::$field as usize {
                            $field = Some($crate::yaml::read(value)?);
                            continue;
                        }
                    )*
                }
                Ok($ty {
                    $( $field: match $field {
                        Some(v) => v,
                        None => $crate::yaml::yaml_struct!(@missing fields, Field::$field $(, $default)?),
                    }, )*
                })
            }
        }
    };
    (@deny deny_unknown_fields) => { true };
    (@deny) => { false };
    (@missing $fields:ident, $i:expr, default) => { ::core::default::Default::default() };
    (@missing $fields:ident, $i:expr) => { return Err($fields.missing($i as usize)) };
}
pub(crate) use yaml_struct;

/// `FromYaml` for an enum of unit variants (which must be `Copy`), each with its serde name.
macro_rules! yaml_enum {
    ($ty:ident { $( $variant:ident = $name:literal ),* $(,)? }) => {
        impl $ty {
            /// Every value, in the order answers.yaml's messages and the UI's selects list them.
            pub const ALL: [$ty; [$($name),*].len()] = [$($ty::$variant),*];

            /// This value's name in answers.yaml (and in the UI's selects, which edit by field path).
            pub fn yaml_name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),*
                }
            }
        }

        impl $crate::yaml::FromYaml for $ty {
            fn from_node(node: $crate::yaml::Node) -> ::core::result::Result<Self, $crate::yaml::Error> {
                let i = $crate::yaml::variant(node, &[$($name),*])?;
                Self::ALL.get(i).copied().ok_or_else(|| $crate::yaml::Error::msg("unknown variant"))
            }
        }
    };
}
pub(crate) use yaml_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::from_str;

    /// `finite_decimal` must say what `parse::<f64>()` says (serde_yaml's rule), overflow point included.
    #[test]
    fn floats_are_recognised_as_the_f64_parser_reads_them() {
        let t = F64_OVERFLOW;
        let below = format!("{}1", &t[..t.len() - 1]);
        let mut cases: Vec<String> = [
            "0", "1", "-1", "+1", "1.", ".5", "-.5", "+.5", ".", "-", "+", "", "e", "1e", "1e+", "1e-3", "1E3", "1.e3",
            ".e3", "1.5e308", "1.8e308", "1e309", "-1e309", "1e-400", "0e999999999999999", "0.0", "00", "1_0", "1e3.5",
            "inf", "infinity", "NaN", "nan", "-inf", "0x10", "1.5.", "--1", "+-1", "-+1", "1e99999999999999999999",
            "1e-99999999999999999999", " 1", "1 ", "1e+-3", "\u{661}", "1e٣",
        ]
        .map(String::from)
        .to_vec();
        cases.extend([
            t.to_string(),
            below.clone(),
            format!("{t}.0"),
            format!("{below}.999999999"),
            format!("0.{t}e309"),
            format!("0.{below}e309"),
            format!("{t}0e-1"),
            format!("{below}9e-1"),
            format!("1.{}e308", &t[1..]),
            format!("1.{}e308", &below[1..]),
            format!("-{t}"),
            format!("000{t}"),
            format!("{t}1"),
        ]);
        // Deterministic pseudo-random numbers, many near the overflow point.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for _ in 0..20_000 {
            let len = 1 + next(12);
            let s: String = (0..len).map(|_| b"0123456789.eE+-"[next(15) as usize] as char).collect();
            cases.push(s);
            let digits: String = (0..1 + next(20)).map(|_| char::from(b'0' + next(10) as u8)).collect();
            cases.push(format!("{}.{digits}e{}", 1 + next(9), 306 + next(4)));
            cases.push(format!("{}{}", &t[..1 + next(30) as usize], "0".repeat(next(300) as usize + 1)));
        }
        for s in &cases {
            assert_eq!(finite_decimal(s), s.parse::<f64>().is_ok_and(f64::is_finite), "{s}");
        }
    }

    #[test]
    fn plain_scalars_resolve_as_in_serde_yaml() {
        let doc = "[~, null, '', true, False, 12, 0x1F, 0o17, 0b101, -3, -0x1, 1.5, 1e3, .inf, -.Inf, .nan, 0123, 1_000, 1.2.3, 'true', +1, -0]";
        let v = from_str::<Value>(doc).unwrap();
        let text: Vec<String> = v.as_sequence().unwrap().iter().map(|v| format!("{v:?}")).collect();
        let want = [
            "Null", "Null", "String(\"\")", "Bool(true)", "Bool(false)", "Number(Number(U(12)))", "Number(Number(U(31)))",
            "Number(Number(U(15)))", "Number(Number(U(5)))", "Number(Number(I(-3)))", "Number(Number(I(-1)))",
            "Number(Number(F(\"1.5\")))", "Number(Number(F(\"1e3\")))", "Number(Number(F(\".inf\")))",
            "Number(Number(F(\"-.Inf\")))", "Number(Number(F(\".nan\")))", "String(\"0123\")", "String(\"1_000\")",
            "String(\"1.2.3\")", "String(\"true\")", "Number(Number(U(1)))", "Number(Number(U(0)))",
        ];
        assert_eq!(text, want);
    }

    #[test]
    fn values_read_keys_as_text_and_round_trip_through_the_writer() {
        let v = from_str::<Value>("1: a\ntrue: [x, {y: ~}]\n'q': 2.50\n").unwrap();
        let m = v.as_mapping().unwrap();
        assert_eq!(m.get("1").and_then(Value::as_str), Some("a"));
        assert!(m.get("true").is_some_and(|v| v.as_sequence().is_some()));
        assert_eq!(crate::yaml::emit::emit(&v).unwrap(), "'1': a\n'true':\n- x\n- 'y': null\nq: 2.50\n");
    }
}
