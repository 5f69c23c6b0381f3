//! `Value` → block-style YAML text, in the layout serde_yaml (libyaml) writes: two-space indentation,
//! sequences inside mappings not indented, `[]`/`{}` for empty collections, and the same choice of
//! plain / 'single' / "double" quoting, so existing files and golden outputs stay byte-identical.
//! Two deliberate differences: strings with line breaks are written double-quoted with escapes (libyaml
//! writes `|-` blocks), and YAML 1.1 words (`yes`, `no`, `on`, `off`, `y`, `n`) and numbers with `_`
//! are quoted too, because Kubernetes' YAML 1.1 reader would take them as booleans or numbers.

use super::value::{Mapping, Value};
use super::Error;

pub(crate) fn emit(v: &Value) -> Result<String, Error> {
    let mut out = String::new();
    match v {
        Value::Sequence(s) if !s.is_empty() => seq(&mut out, s, 0, false)?,
        Value::Mapping(m) if !m.is_empty() => map(&mut out, m, 0, false)?,
        other => {
            inline(&mut out, other);
            out.push('\n');
        }
    }
    Ok(out)
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A scalar or an empty collection, on the current line.
fn inline(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => string(out, s),
        Value::Sequence(_) => out.push_str("[]"),
        Value::Mapping(_) => out.push_str("{}"),
    }
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Sequence(s) => !s.is_empty(),
        Value::Mapping(m) => !m.is_empty(),
        _ => false,
    }
}

/// `first_inline`: the first entry goes on the current line (after `- `).
fn map(out: &mut String, m: &Mapping, ind: usize, first_inline: bool) -> Result<(), Error> {
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 || !first_inline {
            indent(out, ind);
        }
        if matches!(k, Value::Sequence(_) | Value::Mapping(_)) {
            return Err(Error::msg("mapping keys must be strings, numbers or booleans"));
        }
        inline(out, k);
        out.push(':');
        match v {
            Value::Mapping(inner) if !inner.is_empty() => {
                out.push('\n');
                map(out, inner, ind + 2, false)?;
            }
            Value::Sequence(items) if !items.is_empty() => {
                out.push('\n');
                seq(out, items, ind, false)?;
            }
            _ => {
                out.push(' ');
                inline(out, v);
                out.push('\n');
            }
        }
    }
    Ok(())
}

fn seq(out: &mut String, s: &[Value], ind: usize, first_inline: bool) -> Result<(), Error> {
    for (i, v) in s.iter().enumerate() {
        if i > 0 || !first_inline {
            indent(out, ind);
        }
        out.push_str("- ");
        match v {
            Value::Mapping(inner) if is_block(v) => map(out, inner, ind + 2, true)?,
            Value::Sequence(items) if is_block(v) => seq(out, items, ind + 2, true)?,
            _ => {
                inline(out, v);
                out.push('\n');
            }
        }
    }
    Ok(())
}

/// libyaml's printable set (with Unicode output on): what may appear unescaped.
pub(crate) fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..) && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blankz(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c == ' ' || c == '\t' || c == '\0' || is_break(c),
    }
}

#[derive(PartialEq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
}

/// Would a YAML reader take this plain text as something other than a string? (YAML 1.2 core schema as
/// serde_yaml reads it, plus the YAML 1.1 forms Kubernetes still reads.)
pub(crate) fn ambiguous(s: &str) -> bool {
    super::de::resolves_to_non_string(s)
        || super::de::digits_but_not_number(s)
        || matches!(
            s,
            "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON" | "off" | "Off" | "OFF"
        )
        || (s.contains('_') && {
            // YAML 1.1 allows `_` between digits: 1_000 is a number there.
            let t = s.replace('_', "");
            t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
                && super::de::resolves_to_non_string(&t)
        })
}

/// The style libyaml would pick for a string (serde_yaml asks for 'single' when the plain form is
/// ambiguous), except that line breaks always mean "double".
fn style(s: &str) -> Style {
    if s.chars().any(is_break) {
        return Style::Double;
    }
    let mut plain = !s.is_empty() && !ambiguous(s);
    let mut single = true;
    if s.starts_with("---") || s.starts_with("...") {
        plain = false;
    }
    let mut preceded_by_ws = true;
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let followed_by_ws = is_blankz(next);
        let last = next.is_none();
        if first {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => plain = false,
                '?' | ':' | '-' if followed_by_ws => plain = false,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => plain = false,
                '#' if preceded_by_ws => plain = false,
                _ => {}
            }
        }
        if !printable(c) {
            plain = false;
            single = false;
        }
        if c == ' ' && (first || last) {
            plain = false;
        }
        preceded_by_ws = is_blankz(Some(c));
        first = false;
    }
    if plain {
        Style::Plain
    } else if single {
        Style::Single
    } else {
        Style::Double
    }
}

pub(crate) fn string(out: &mut String, s: &str) {
    match style(s) {
        Style::Plain => out.push_str(s),
        Style::Single => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        Style::Double => {
            out.push('"');
            for c in s.chars() {
                if printable(c) && !is_break(c) && c != '"' && c != '\\' {
                    out.push(c);
                    continue;
                }
                out.push('\\');
                let short = match c {
                    '\0' => '0',
                    '\x07' => 'a',
                    '\x08' => 'b',
                    '\t' => 't',
                    '\n' => 'n',
                    '\x0B' => 'v',
                    '\x0C' => 'f',
                    '\r' => 'r',
                    '\x1B' => 'e',
                    '"' => '"',
                    '\\' => '\\',
                    '\u{85}' => 'N',
                    '\u{A0}' => '_',
                    '\u{2028}' => 'L',
                    '\u{2029}' => 'P',
                    _ => {
                        let v = c as u32;
                        let s = if v <= 0xFF {
                            format!("x{v:02X}")
                        } else if v <= 0xFFFF {
                            format!("u{v:04X}")
                        } else {
                            format!("U{v:08X}")
                        };
                        out.push_str(&s);
                        continue;
                    }
                };
                out.push(short);
            }
            out.push('"');
        }
    }
}
