//! YAML text → `Node` tree (each node knows its byte offset), for the block YAML people write by hand.
//!
//! Supported: one document (optional `---` start, `...` end), block mappings and sequences (including
//! "indentless" sequences under a key and compact `- key: value` items), plain / 'single' / "double"
//! scalars (all YAML escapes, multi-line folding), literal `|` and folded `>` block scalars with
//! chomping and indentation indicators, flow collections `[...]` / `{...}` over several lines (so JSON
//! parses), comments, CR LF line ends, a leading BOM.
//!
//! Refused with a message naming the feature and its line and column: anchors `&`, aliases `*`, tags
//! `!`, directives `%`, explicit keys `? `, several documents, `key: value` inside `[...]`, non-scalar
//! keys, duplicate keys, control characters, tabs in indentation, a BOM at the start of a later line.
//!
//! Deliberate difference from libyaml: NEL, LS and PS (U+0085, U+2028, U+2029) are ordinary characters
//! here, as in YAML 1.2, not line breaks as in YAML 1.1. The writer escapes them, so only hand-written
//! text holding them raw can read differently.
//!
//! Nesting deeper than `MAX_DEPTH` is refused, so recursion is bounded; every loop consumes input or
//! stops, and positions are worked out only for errors, so parsing is linear in the input.

use super::Error;

/// Deepest nesting of collections accepted (serde_yaml's limit is 128; answers use 5).
pub(crate) const MAX_DEPTH: usize = 64;

/// `pub` only so `FromYaml` can name it (see `yaml::sealed`); the module is private.
#[derive(Debug)]
pub struct Node {
    /// Byte offset in the (normalised) text; `NOWHERE` when the node did not come from text. Line and
    /// column are worked out only for an error (`locate`), so parsing stays linear.
    pub(crate) off: u32,
    pub(crate) kind: Kind,
}

pub(crate) const NOWHERE: u32 = u32::MAX;

/// CR LF and lone CR become LF (line and column numbers do not change); a leading BOM is dropped.
pub(crate) fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// 1-based line and column (in characters) of byte offset `off` in `text`.
pub(crate) fn locate(text: &str, off: usize) -> (usize, usize) {
    let mut off = off.min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line_start = before.rfind('\n').map_or(0, |k| k + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

#[derive(Debug)]
pub(crate) enum Kind {
    /// Unquoted text: resolved to null / bool / number / string by what it is read into.
    Plain(String),
    /// Quoted or block scalar: always a string.
    Quoted(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// Parse `normalize`d text.
pub(crate) fn parse(text: &str) -> Result<Node, Error> {
    if text.len() >= NOWHERE as usize {
        return Err(Error::msg("the text is too large"));
    }
    let mut p = P { s: text, b: text.as_bytes(), i: 0, depth: 0 };
    p.check_chars()?;
    p.document()
}

#[derive(PartialEq)]
enum Stop {
    Eol,
    Colon,
    Comment,
}

struct P<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
}

type R<T> = Result<T, Error>;

impl<'a> P<'a> {
    fn at(&self, j: usize) -> u8 {
        self.b.get(j).copied().unwrap_or(0)
    }
    fn peek(&self) -> u8 {
        self.at(self.i)
    }
    fn eof(&self) -> bool {
        self.i >= self.b.len()
    }
    /// Space, tab, line break or end of input.
    fn blank_at(&self, j: usize) -> bool {
        matches!(self.at(j), b' ' | b'\t' | b'\n' | 0)
    }
    fn err<T>(&self, i: usize, msg: impl Into<String>) -> R<T> {
        Err(Error { msg: msg.into(), off: Some(i) })
    }
    fn node(&self, i: usize, kind: Kind) -> Node {
        Node { off: i as u32, kind }
    }
    fn line_start(&self, i: usize) -> usize {
        self.b[..i].iter().rposition(|&c| c == b'\n').map_or(0, |k| k + 1)
    }
    fn null(&self, i: usize) -> Node {
        self.node(i, Kind::Plain(String::new()))
    }
    fn eol(&self, j: usize) -> usize {
        self.b[j.min(self.b.len())..].iter().position(|&c| c == b'\n').map_or(self.b.len(), |k| j + k)
    }
    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(self.i, format!("the document nests more than {MAX_DEPTH} levels deep"));
        }
        Ok(())
    }
    fn skip_inline_ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t') {
            self.i += 1;
        }
    }

    fn check_chars(&self) -> R<()> {
        for (i, c) in self.s.char_indices() {
            let ok = matches!(c, '\t' | '\n' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || c >= '\u{10000}';
            if !ok {
                return self.err(i, format!("control character U+{:04X} is not allowed in YAML", c as u32));
            }
            // libyaml skips a BOM where a token starts in column 0 but keeps it inside a value; rather
            // than guess which, refuse it (our writer escapes it as `\uFEFF`).
            if c == '\u{FEFF}' && self.at(i.wrapping_sub(1)) == b'\n' {
                return self.err(i, "a byte order mark (U+FEFF) at the start of a line is not allowed; remove it");
            }
        }
        Ok(())
    }

    fn doc_marker(&self, j: usize) -> bool {
        (j == 0 || self.at(j - 1) == b'\n')
            && (self.b[j..].starts_with(b"---") || self.b[j..].starts_with(b"..."))
            && self.blank_at(j + 3)
    }

    /// From a line start: skip lines that are empty, blank or only a comment.
    fn skip_ws_lines(&mut self) {
        loop {
            let mut j = self.i;
            while matches!(self.at(j), b' ' | b'\t') {
                j += 1;
            }
            match self.at(j) {
                b'#' => {
                    let e = self.eol(j);
                    if e >= self.b.len() {
                        self.i = self.b.len();
                        return;
                    }
                    self.i = e + 1;
                }
                b'\n' => self.i = j + 1,
                0 if j >= self.b.len() => {
                    self.i = self.b.len();
                    return;
                }
                _ => return,
            }
        }
    }

    /// At a line start with content: the indentation (spaces) and where the content begins.
    fn indent_here(&self) -> R<(usize, usize)> {
        let mut j = self.i;
        while self.at(j) == b' ' {
            j += 1;
        }
        if self.at(j) == b'\t' {
            return self.err(j, "tabs are not allowed in indentation; indent with spaces");
        }
        Ok((j - self.i, j))
    }

    /// The rest of the line must be blank or a comment; moves to the next line start.
    fn rest_of_line(&mut self) -> R<()> {
        let before = self.i;
        self.skip_inline_ws();
        if self.peek() == b'#' && (self.i > before || self.i == 0 || matches!(self.at(self.i - 1), b' ' | b'\t' | b'\n')) {
            self.i = self.eol(self.i);
        }
        match self.peek() {
            b'\n' => {
                self.i += 1;
                Ok(())
            }
            0 if self.eof() => Ok(()),
            _ => self.err(self.i, "unexpected text after the value"),
        }
    }

    fn unsupported(&self, i: usize) -> R<()> {
        let msg = match self.at(i) {
            b'&' => "YAML anchors (`&name`) are not supported; write the value out",
            b'*' => "YAML aliases (`*name`) are not supported; write the value out",
            b'!' => "YAML tags (`!tag`) are not supported; quote the value if it starts with `!`",
            b'%' => "YAML directives (`%...`) are not supported",
            b'?' if self.blank_at(i + 1) => "complex mapping keys (`? `) are not supported",
            b'@' | b'`' => "a value cannot start with `@` or a backtick; quote it",
            _ => return Ok(()),
        };
        self.err(i, msg)
    }

    fn document(&mut self) -> R<Node> {
        self.skip_ws_lines();
        let mut root = None;
        if self.doc_marker(self.i) && self.b[self.i..].starts_with(b"---") {
            self.i += 3;
            self.skip_inline_ws();
            if matches!(self.peek(), b'#' | b'\n' | 0) {
                self.rest_of_line()?;
            } else {
                root = Some(self.inline_value(-1)?);
            }
        } else if self.peek() == b'%' {
            self.unsupported(self.i)?;
        }
        let root = match root {
            Some(r) => r,
            None => {
                self.skip_ws_lines();
                let here = self.i;
                self.block(-1, here)?
            }
        };
        self.skip_ws_lines();
        if self.eof() {
            return Ok(root);
        }
        if self.doc_marker(self.i) && self.b[self.i..].starts_with(b"...") {
            self.i += 3;
            self.rest_of_line()?;
            self.skip_ws_lines();
            if self.eof() {
                return Ok(root);
            }
        }
        if self.doc_marker(self.i) && self.b[self.i..].starts_with(b"---") {
            return self.err(self.i, "several YAML documents (`---`) are not supported; keep one document per file");
        }
        self.err(self.i, "unexpected content after the document; check the indentation")
    }

    /// The node on the next content line if it is indented more than `parent`, else null (at `here`).
    fn block(&mut self, parent: isize, here: usize) -> R<Node> {
        if self.eof() || self.doc_marker(self.i) {
            return Ok(self.null(here));
        }
        let (n, ci) = self.indent_here()?;
        if n as isize <= parent {
            return Ok(self.null(here));
        }
        self.i = ci;
        self.node_at(n, parent)
    }

    /// A block node starting at `self.i`, at column `col`, inside a parent block at `parent`.
    fn node_at(&mut self, col: usize, parent: isize) -> R<Node> {
        let c = self.peek();
        if c == b'-' && self.blank_at(self.i + 1) {
            return self.block_seq(col);
        }
        self.unsupported(self.i)?;
        if c == b'|' || c == b'>' {
            return self.block_scalar(parent);
        }
        if self.key_end(self.i).is_some() {
            return self.block_map(col);
        }
        self.scalar_or_flow(parent)
    }

    /// If a `key:` starts at `i` (on one line), the key and the index just after the colon.
    fn key_end(&mut self, i: usize) -> Option<(Node, usize)> {
        match self.at(i) {
            b'"' | b'\'' => {
                let save = self.i;
                self.i = i;
                let key = self.quoted();
                let mut j = self.i;
                self.i = save;
                let key = key.ok()?;
                if self.b[i..j].contains(&b'\n') {
                    return None;
                }
                while matches!(self.at(j), b' ' | b'\t') {
                    j += 1;
                }
                (self.at(j) == b':' && self.blank_at(j + 1)).then_some((key, j + 1))
            }
            b'[' | b'{' => None,
            _ => {
                let mut j = i;
                loop {
                    match self.at(j) {
                        b'\n' | 0 => return None,
                        b':' if self.blank_at(j + 1) => break,
                        b'#' if j > i && matches!(self.at(j - 1), b' ' | b'\t') => return None,
                        _ => j += 1,
                    }
                }
                let text = self.s[i..j].trim_end_matches([' ', '\t']);
                if text.is_empty() {
                    return None;
                }
                Some((self.node(i, Kind::Plain(text.to_string())), j + 1))
            }
        }
    }

    fn block_map(&mut self, col: usize) -> R<Node> {
        self.enter()?;
        let start = self.i;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        loop {
            self.unsupported(self.i)?;
            if self.peek() == b'-' && self.blank_at(self.i + 1) {
                return self.err(self.i, "expected a `key: value` here, found a `- ` list item; check the indentation");
            }
            let Some((key, after)) = self.key_end(self.i) else {
                return self.err(self.i, "expected a `key: value` line here; check the indentation and any `:` in the text");
            };
            let colon = after - 1;
            self.i = after;
            self.skip_inline_ws();
            let value = if matches!(self.peek(), b'#' | b'\n' | 0) {
                self.rest_of_line()?;
                self.skip_ws_lines();
                if self.eof() || self.doc_marker(self.i) {
                    self.null(colon)
                } else {
                    let (n, ci) = self.indent_here()?;
                    if n > col {
                        self.i = ci;
                        self.node_at(n, col as isize)?
                    } else if n == col && self.at(ci) == b'-' && self.blank_at(ci + 1) {
                        self.i = ci;
                        self.block_seq(col)?
                    } else {
                        self.null(colon)
                    }
                }
            } else {
                self.inline_value(col as isize)?
            };
            entries.push((key, value));
            self.skip_ws_lines();
            if self.eof() || self.doc_marker(self.i) {
                break;
            }
            let (n, ci) = self.indent_here()?;
            if n < col {
                break;
            }
            if n > col {
                return self.err(ci, "this line is indented more than the mapping it belongs to");
            }
            self.i = ci;
        }
        self.check_duplicates(&entries)?;
        self.depth -= 1;
        Ok(self.node(start, Kind::Map(entries)))
    }

    fn block_seq(&mut self, col: usize) -> R<Node> {
        self.enter()?;
        let start = self.i;
        let mut items = Vec::new();
        loop {
            let dash = self.i;
            self.i += 1;
            self.skip_inline_ws();
            let item = if matches!(self.peek(), b'#' | b'\n' | 0) {
                self.rest_of_line()?;
                self.skip_ws_lines();
                self.block(col as isize, dash)?
            } else {
                let here = self.i;
                self.node_at(here - self.line_start(here), col as isize)?
            };
            items.push(item);
            self.skip_ws_lines();
            if self.eof() || self.doc_marker(self.i) {
                break;
            }
            let (n, ci) = self.indent_here()?;
            if n < col {
                break;
            }
            if n > col {
                return self.err(ci, "this line is indented more than the list it belongs to");
            }
            if !(self.at(ci) == b'-' && self.blank_at(ci + 1)) {
                // A mapping key at the same column ends an indentless list; the caller checks it.
                break;
            }
            self.i = ci;
        }
        self.depth -= 1;
        Ok(self.node(start, Kind::Seq(items)))
    }

    /// A value after `key: ` or `--- ` on the same line.
    fn inline_value(&mut self, parent: isize) -> R<Node> {
        self.unsupported(self.i)?;
        match self.peek() {
            b'|' | b'>' => self.block_scalar(parent),
            b'-' if self.blank_at(self.i + 1) => {
                self.err(self.i, "a `- ` list cannot start on the same line as its key; put the items on the next lines")
            }
            _ => self.scalar_or_flow(parent),
        }
    }

    fn scalar_or_flow(&mut self, parent: isize) -> R<Node> {
        match self.peek() {
            b'[' | b'{' => {
                let n = self.flow_node()?;
                self.rest_of_line()?;
                Ok(n)
            }
            b'"' | b'\'' => {
                let n = self.quoted()?;
                self.rest_of_line()?;
                Ok(n)
            }
            c @ (b']' | b'}' | b',') => self.err(self.i, format!("unexpected `{}`; quote the value", c as char)),
            _ => self.plain_block(parent),
        }
    }

    /// One line's worth of a plain scalar from `i`: where its text ends (trailing blanks trimmed),
    /// why it stopped, and where.
    fn plain_line(&self, i: usize, flow: bool) -> (usize, Stop, usize) {
        let mut j = i;
        let stop = loop {
            match self.at(j) {
                b'\n' | 0 => break Stop::Eol,
                b',' | b'[' | b']' | b'{' | b'}' if flow => break Stop::Eol,
                b':' if self.blank_at(j + 1) || (flow && matches!(self.at(j + 1), b',' | b'[' | b']' | b'{' | b'}')) => {
                    break Stop::Colon
                }
                b'#' if j > i && matches!(self.at(j - 1), b' ' | b'\t') => break Stop::Comment,
                _ => j += 1,
            }
        };
        let mut end = j;
        while end > i && matches!(self.at(end - 1), b' ' | b'\t') {
            end -= 1;
        }
        (end, stop, j)
    }

    fn plain_block(&mut self, parent: isize) -> R<Node> {
        let start = self.i;
        let (end, stop, at) = self.plain_line(start, false);
        if stop == Stop::Colon {
            return self.err(at, "a `: ` inside a value is not allowed here; quote the value");
        }
        let mut text = self.s[start..end].to_string();
        self.i = (self.eol(at) + 1).min(self.b.len());
        if stop == Stop::Comment {
            return Ok(self.node(start, Kind::Plain(text)));
        }
        loop {
            // Look past blank lines for a continuation line.
            let mut j = self.i;
            let mut blanks = 0;
            let found = loop {
                if j >= self.b.len() {
                    break None;
                }
                let mut k = j;
                while self.at(k) == b' ' {
                    k += 1;
                }
                let mut e = k;
                while matches!(self.at(e), b' ' | b'\t') {
                    e += 1;
                }
                if self.at(e) == b'\n' {
                    blanks += 1;
                    j = e + 1;
                    continue;
                }
                if e >= self.b.len() {
                    break None;
                }
                break Some((j, k - j, e));
            };
            let Some((ls, n, e)) = found else {
                self.i = j.min(self.b.len());
                break;
            };
            if n as isize <= parent || self.at(e) == b'#' || self.doc_marker(ls) {
                self.i = ls;
                break;
            }
            let (end, stop, at) = self.plain_line(e, false);
            if stop == Stop::Colon {
                return self.err(at, "a `: ` inside a value is not allowed here (or the line is indented too far); quote the value");
            }
            if blanks == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', blanks));
            }
            text.push_str(&self.s[e..end]);
            self.i = (self.eol(at) + 1).min(self.b.len());
            if stop == Stop::Comment {
                break;
            }
        }
        Ok(self.node(start, Kind::Plain(text)))
    }

    /// After a line break inside a quoted scalar: skip indentation, turn empty lines into `\n`s, and a
    /// single break into a space (`space`) or nothing (after an escaped break).
    fn fold(&mut self, out: &mut String, space: bool) -> R<()> {
        let mut blanks = 0;
        loop {
            if self.doc_marker(self.i) {
                return self.err(self.i, "a document marker (`---` or `...`) inside a quoted value");
            }
            self.skip_inline_ws();
            if self.peek() == b'\n' {
                blanks += 1;
                self.i += 1;
            } else {
                break;
            }
        }
        if blanks == 0 {
            if space {
                out.push(' ');
            }
        } else {
            out.extend(std::iter::repeat_n('\n', blanks));
        }
        Ok(())
    }

    fn quoted(&mut self) -> R<Node> {
        let start = self.i;
        let q = self.peek();
        let double = q == b'"';
        self.i += 1;
        let mut out = String::new();
        // Text before `hard` came from escapes or folding and is never trimmed.
        let mut hard = 0;
        loop {
            let run = self.b[self.i..]
                .iter()
                .position(|&c| c == q || c == b'\n' || (double && c == b'\\'))
                .map_or(self.b.len(), |k| self.i + k);
            out.push_str(&self.s[self.i..run]);
            self.i = run;
            match self.peek() {
                0 if self.eof() => {
                    let what = if double { "double" } else { "single" };
                    return self.err(start, format!("this {what}-quoted value is never closed"));
                }
                b'\'' if !double => {
                    if self.at(self.i + 1) == b'\'' {
                        out.push('\'');
                        self.i += 2;
                        hard = out.len();
                    } else {
                        self.i += 1;
                        break;
                    }
                }
                b'"' => {
                    self.i += 1;
                    break;
                }
                b'\n' => {
                    while out.len() > hard && (out.ends_with(' ') || out.ends_with('\t')) {
                        out.pop();
                    }
                    self.i += 1;
                    self.fold(&mut out, true)?;
                    hard = out.len();
                }
                _ => {
                    // A backslash in a double-quoted value.
                    let esc = self.i;
                    self.i += 1;
                    let c = match self.peek() {
                        b'\n' => {
                            self.i += 1;
                            self.fold(&mut out, false)?;
                            hard = out.len();
                            continue;
                        }
                        b'0' => '\0',
                        b'a' => '\x07',
                        b'b' => '\x08',
                        b't' | b'\t' => '\t',
                        b'n' => '\n',
                        b'v' => '\x0B',
                        b'f' => '\x0C',
                        b'r' => '\r',
                        b'e' => '\x1B',
                        b' ' => ' ',
                        b'"' => '"',
                        b'/' => '/',
                        b'\\' => '\\',
                        b'N' => '\u{85}',
                        b'_' => '\u{A0}',
                        b'L' => '\u{2028}',
                        b'P' => '\u{2029}',
                        h @ (b'x' | b'u' | b'U') => {
                            let n = match h {
                                b'x' => 2,
                                b'u' => 4,
                                _ => 8,
                            };
                            let digits = self.s.get(self.i + 1..self.i + 1 + n).unwrap_or("");
                            let c = (digits.len() == n && digits.bytes().all(|d| d.is_ascii_hexdigit()))
                                .then(|| u32::from_str_radix(digits, 16).ok())
                                .flatten()
                                .and_then(char::from_u32);
                            match c {
                                Some(c) => {
                                    self.i += n;
                                    c
                                }
                                None => return self.err(esc, format!("invalid `\\{}` escape: it needs {n} hex digits of a valid character", h as char)),
                            }
                        }
                        _ => return self.err(esc, "unknown escape sequence in a double-quoted value"),
                    };
                    self.i += 1;
                    out.push(c);
                    hard = out.len();
                }
            }
        }
        Ok(self.node(start, Kind::Quoted(out)))
    }

    fn block_scalar(&mut self, parent: isize) -> R<Node> {
        let start = self.i;
        let literal = self.peek() == b'|';
        self.i += 1;
        let mut chomp = 0i8;
        let mut explicit = None;
        for _ in 0..2 {
            match self.peek() {
                b'+' if chomp == 0 => chomp = 1,
                b'-' if chomp == 0 => chomp = -1,
                d @ b'1'..=b'9' if explicit.is_none() => explicit = Some((d - b'0') as usize),
                _ => break,
            }
            self.i += 1;
        }
        if !self.blank_at(self.i) {
            return self.err(self.i, "invalid block scalar header: expected `|` or `>`, then optionally `-`/`+` and an indentation digit");
        }
        self.rest_of_line()?;
        let min = (parent + 1).max(1) as usize;
        let indent = match explicit {
            Some(d) => parent.max(0) as usize + d,
            None => {
                // As libyaml: the most indented of the leading blank lines and the first content line.
                let mut j = self.i;
                let mut most = 0;
                while j < self.b.len() {
                    let mut k = j;
                    while self.at(k) == b' ' {
                        k += 1;
                    }
                    most = most.max(k - j);
                    if self.at(k) != b'\n' {
                        break;
                    }
                    j = k + 1;
                }
                most.max(min)
            }
        };
        let mut lines: Vec<&str> = Vec::new();
        let mut last_break = true;
        while !self.eof() {
            let mut k = self.i;
            while self.at(k) == b' ' && k - self.i < indent {
                k += 1;
            }
            let le = self.eol(self.i);
            if k - self.i == indent {
                lines.push(&self.s[k..le]);
            } else if self.s[k..le].bytes().all(|c| c == b' ') {
                lines.push("");
            } else {
                break;
            }
            if le >= self.b.len() {
                last_break = false;
                self.i = self.b.len();
                break;
            }
            self.i = le + 1;
        }
        let mut out = String::new();
        let last = lines.iter().rposition(|l| !l.is_empty());
        let trailing = last.map_or(lines.len(), |lc| lines.len() - lc - 1);
        if let Some(lc) = last {
            let body = &lines[..=lc];
            if literal {
                out = body.join("\n");
            } else {
                let more = |l: &str| l.starts_with([' ', '\t']);
                let mut prev: Option<&str> = None;
                let mut empties = 0;
                for l in body {
                    if l.is_empty() {
                        if prev.is_some() {
                            empties += 1;
                        } else {
                            out.push('\n');
                        }
                        continue;
                    }
                    if let Some(p) = prev {
                        if more(p) || more(l) {
                            out.extend(std::iter::repeat_n('\n', empties + 1));
                        } else if empties == 0 {
                            out.push(' ');
                        } else {
                            out.extend(std::iter::repeat_n('\n', empties));
                        }
                    }
                    out.push_str(l);
                    prev = Some(l);
                    empties = 0;
                }
            }
            if chomp >= 0 && (last_break || trailing > 0) {
                out.push('\n');
            }
            if chomp > 0 {
                out.extend(std::iter::repeat_n('\n', trailing));
            }
        } else if chomp > 0 {
            out.extend(std::iter::repeat_n('\n', trailing));
        }
        Ok(self.node(start, Kind::Quoted(out)))
    }

    /// Inside `[...]`/`{...}`: skip blanks, line breaks and comments (a `#` where a value or `,` is
    /// expected starts a comment even right after `[`, as in libyaml).
    fn flow_ws(&mut self) {
        loop {
            match self.peek() {
                b' ' | b'\t' | b'\n' => self.i += 1,
                b'#' => self.i = self.eol(self.i),
                _ => return,
            }
        }
    }

    fn flow_node(&mut self) -> R<Node> {
        self.unsupported(self.i)?;
        match self.peek() {
            // In flow context libyaml reads these as key/value indicators even without a space.
            b'?' => self.err(self.i, "complex mapping keys (`?`) are not supported"),
            b':' => self.err(self.i, "unexpected `:`; quote the value"),
            b'[' => self.flow_seq(),
            b'{' => self.flow_map(),
            b'"' | b'\'' => self.quoted(),
            0 if self.eof() => self.err(self.i, "the input ends inside a `[...]` or `{...}`"),
            b'|' | b'>' => self.err(self.i, "block scalars (`|`, `>`) are not allowed inside `[...]` or `{...}`"),
            b'-' if self.blank_at(self.i + 1) => self.err(self.i, "`- ` list items are not allowed inside `[...]` or `{...}`"),
            c @ (b']' | b'}' | b',') => self.err(self.i, format!("unexpected `{}`", c as char)),
            _ => self.plain_flow(),
        }
    }

    fn plain_flow(&mut self) -> R<Node> {
        let start = self.i;
        let mut text = String::new();
        loop {
            let (end, stop, at) = self.plain_line(self.i, true);
            text.push_str(&self.s[self.i..end]);
            self.i = at;
            if stop != Stop::Eol || self.peek() != b'\n' {
                break;
            }
            let save = self.i;
            let mut blanks = 0;
            loop {
                self.i += 1;
                self.skip_inline_ws();
                if self.peek() == b'\n' {
                    blanks += 1;
                } else {
                    break;
                }
            }
            let c = self.peek();
            if self.eof() || matches!(c, b',' | b'[' | b']' | b'{' | b'}' | b'#') || (c == b':' && self.plain_line(self.i, true).1 == Stop::Colon && self.plain_line(self.i, true).2 == self.i) {
                self.i = save;
                break;
            }
            if blanks == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', blanks));
            }
        }
        Ok(self.node(start, Kind::Plain(text)))
    }

    fn flow_seq(&mut self) -> R<Node> {
        self.enter()?;
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.flow_ws();
            match self.peek() {
                b']' => {
                    self.i += 1;
                    break;
                }
                0 if self.eof() => return self.err(start, "this `[` is never closed"),
                _ => {}
            }
            items.push(self.flow_node()?);
            self.flow_ws();
            match self.peek() {
                b',' => self.i += 1,
                b']' => {}
                b':' => return self.err(self.i, "`key: value` inside `[...]` is not supported; use `{...}` or a block mapping"),
                0 if self.eof() => return self.err(start, "this `[` is never closed"),
                _ => return self.err(self.i, "expected `,` or `]`"),
            }
        }
        self.depth -= 1;
        Ok(self.node(start, Kind::Seq(items)))
    }

    fn flow_map(&mut self) -> R<Node> {
        self.enter()?;
        let start = self.i;
        self.i += 1;
        let mut entries = Vec::new();
        loop {
            self.flow_ws();
            match self.peek() {
                b'}' => {
                    self.i += 1;
                    break;
                }
                0 if self.eof() => return self.err(start, "this `{` is never closed"),
                _ => {}
            }
            let kstart = self.i;
            let key = self.flow_node()?;
            if !matches!(key.kind, Kind::Plain(_) | Kind::Quoted(_)) {
                return self.err(kstart, "mapping keys must be text, not `[...]` or `{...}`");
            }
            self.flow_ws();
            let value = if self.peek() == b':' {
                self.i += 1;
                self.flow_ws();
                if matches!(self.peek(), b',' | b'}') {
                    self.null(self.i)
                } else {
                    self.flow_node()?
                }
            } else {
                self.null(self.i)
            };
            entries.push((key, value));
            self.flow_ws();
            match self.peek() {
                b',' => self.i += 1,
                b'}' => {}
                0 if self.eof() => return self.err(start, "this `{` is never closed"),
                _ => return self.err(self.i, "expected `,` or `}`"),
            }
        }
        self.check_duplicates(&entries)?;
        self.depth -= 1;
        Ok(self.node(start, Kind::Map(entries)))
    }

    fn check_duplicates(&self, entries: &[(Node, Node)]) -> R<()> {
        fn text(n: &Node) -> &str {
            match &n.kind {
                Kind::Plain(s) | Kind::Quoted(s) => s,
                _ => "",
            }
        }
        // In document order, so the message names the first repeat a reader meets; a set keeps
        // it O(n log n) for hostile maps with many keys.
        let mut seen = std::collections::BTreeSet::new();
        for (key, _) in entries {
            if !seen.insert(text(key)) {
                return Err(Error { msg: format!("duplicate key `{}`", text(key)), off: Some(key.off as usize) });
            }
        }
        Ok(())
    }
}
