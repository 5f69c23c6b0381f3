//! The one place where text becomes shell, PowerShell, T-SQL or Markdown syntax. Every user value that
//! reaches a generated file passes through one of these functions; nothing else builds quoted text.

/// Characters that mean the same thing unquoted in every bash context we emit (argument or the value of
/// an assignment): no globbing, expansion, word splitting, tilde, brace or history meaning.
fn sh_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '_' | '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '-')
}

/// One bash word that expands to exactly `s`, for any input. Plain words stay readable; anything else
/// is single-quoted, where bash gives no character a meaning except `'` itself, which becomes `'\''`.
///
/// NUL cannot exist in a bash word or argv, so it is dropped; `bundle` refuses such answers before
/// they get here.
pub fn sh(s: &str) -> String {
    if !s.is_empty() && s.chars().all(sh_plain) {
        return s.to_string();
    }
    sh_quoted(s)
}

/// Like [`sh`], but always single-quoted: for the values at the top of a script, where a bare
/// `a-b` would read to a person (and to shellcheck) like arithmetic.
pub fn sh_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// PowerShell treats these five characters alike as the single quote (its tokenizer's `IsSingleQuote`).
pub fn is_ps_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// A PowerShell single-quoted string literal whose value is exactly `s`, for any input. Inside single
/// quotes PowerShell expands nothing; a quote character is escaped by doubling it, and that applies to
/// all five characters PowerShell counts as a single quote, not just the ASCII one.
///
/// NUL is dropped, as in [`sh`].
pub fn ps(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\0' {
            continue;
        }
        if is_ps_single_quote(c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// `# ` comment lines (bash and PowerShell alike), wrapped near 100 columns. Control characters and
/// Unicode line separators become spaces, so a comment can never end early and turn the rest of its
/// text into code.
pub fn hash_comment(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out = String::new();
    let mut line = String::new();
    for w in clean.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > 98 {
            out.push_str(&format!("# {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    out.push_str(&format!("# {line}\n"));
    out
}

/// A user value for a GitHub Actions workflow. The YAML writer keeps the document's structure; what
/// is left is GitHub's expression syntax, which it evaluates inside almost any value, so `${{` would
/// start an expression. The validator lets no value the workflow carries contain `$` or `{`; for any
/// other input, each `${{` becomes `$ {{`, which GitHub leaves as text.
pub fn gha(s: &str) -> String {
    s.replace("${{", "$ {{")
}

/// A T-SQL delimited identifier (`[name]`): only `]` is special inside, and it is escaped by doubling.
pub fn tsql_ident(s: &str) -> String {
    format!("[{}]", s.replace('\0', "").replace(']', "]]"))
}

/// Text for Markdown prose and code: control characters (line breaks included) become U+FFFD so a
/// value can never end a paragraph, a list item or a code block early.
fn md_flat(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == '`' {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// A CommonMark code span showing exactly `s` (one line): the fence is longer than any backtick run
/// inside, and padded with spaces when the value starts or ends with a backtick or a space.
pub fn md_code(s: &str) -> String {
    let flat = md_flat(s);
    if flat.is_empty() {
        return "` `".to_string();
    }
    let fence = "`".repeat(longest_backtick_run(&flat) + 1);
    let pad = flat.starts_with(['`', ' ']) || flat.ends_with(['`', ' ']);
    let sp = if pad { " " } else { "" };
    format!("{fence}{sp}{flat}{sp}{fence}")
}

/// A fenced code block holding `body` verbatim: the fence is longer than any backtick run in the body,
/// so no line of it can close the block early.
pub fn md_block(lang: &str, body: &str) -> String {
    let fence = "`".repeat((longest_backtick_run(body) + 1).max(3));
    let mut out = format!("{fence}{}\n", md_flat(lang));
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sh_leaves_plain_words_bare_and_quotes_the_rest() {
        assert_eq!(sh("rg-aks-demo"), "rg-aks-demo");
        assert_eq!(
            sh("/subscriptions/x/resourceGroups/y"),
            "/subscriptions/x/resourceGroups/y"
        );
        assert_eq!(sh(""), "''");
        assert_eq!(sh("a b"), "'a b'");
        assert_eq!(sh("it's"), "'it'\\''s'");
        assert_eq!(sh("$(rm -rf /)`x`"), "'$(rm -rf /)`x`'");
        assert_eq!(sh("~root"), "'~root'");
        assert_eq!(sh("{a,b}"), "'{a,b}'");
        assert_eq!(sh("a\0b"), "'ab'");
    }

    #[test]
    fn ps_doubles_every_kind_of_single_quote() {
        assert_eq!(ps("plain"), "'plain'");
        assert_eq!(ps("it's"), "'it''s'");
        assert_eq!(
            ps("\u{2018}x\u{2019}"),
            "'\u{2018}\u{2018}x\u{2019}\u{2019}'"
        );
        assert_eq!(ps("\u{201A}\u{201B}"), "'\u{201A}\u{201A}\u{201B}\u{201B}'");
        assert_eq!(ps("$env:X `n \"q\""), "'$env:X `n \"q\"'");
    }

    #[test]
    fn gha_leaves_no_expression_to_evaluate() {
        assert_eq!(gha("production"), "production");
        assert_eq!(gha("${{ secrets.X }}"), "$ {{ secrets.X }}");
        for hostile in ["$${{x}}", "${${{{a}}", "${{${{", "$\u{0}{{"] {
            assert!(!gha(hostile).contains("${{"), "{hostile}");
        }
    }

    #[test]
    fn tsql_brackets_escape_the_closing_bracket() {
        assert_eq!(tsql_ident("id-app"), "[id-app]");
        assert_eq!(tsql_ident("a]b"), "[a]]b]");
    }

    #[test]
    fn md_code_survives_backticks_and_line_breaks() {
        assert_eq!(md_code("demo"), "`demo`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(md_code("a\nb"), "`a\u{FFFD}b`");
        let block = md_block("bash", "echo ```\n");
        assert!(
            block.starts_with("````bash\n") && block.ends_with("\n````\n"),
            "{block}"
        );
    }
}
