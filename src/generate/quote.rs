//! The one place where text becomes shell, PowerShell, HCL, Bicep, T-SQL or Markdown syntax. Every user value that
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

/// A quoted HCL (Terraform) string whose value is exactly `s`, for any input. Inside the quotes HCL
/// gives meaning to `\`, `"`, line breaks, and to `${` and `%{`, which start an interpolation or a
/// directive: the first two are backslash-escaped, control characters become `\n`, `\r`, `\t` or
/// `\uNNNN`, and a `$` or `%` right before `{` becomes `\u0024` or `\u0025`.
///
/// Terraform documents `$${` and `%%{` for the last case; HCL's scanner reads an escape sequence as
/// literal text and only a raw `$` or `%` byte as the start of a sequence (hashicorp/hcl,
/// hclsyntax/scan_tokens.rl: `TemplateNotInterp`, `QuotedStringLiteralWithEsc`), so the Unicode
/// escape means the same to Terraform. It is used because python-hcl2, the parser the offline checks
/// rely on, rejects a `$${` that no `}` follows and leaves `$${` undecoded, so a value such as `a${b`
/// could not be checked at all.
///
/// NUL is written as `\u0000`; `bundle` refuses such answers before they get here.
pub fn hcl(s: &str) -> String {
    format!("\"{}\"", hcl_text(s, false))
}

/// The inside of an HCL quoted string for `s`. `before_interpolation`: an interpolation follows, so a
/// last `$` would join its `${` into `$${`, HCL's escape for a literal `${`.
fn hcl_text(s: &str, before_interpolation: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if next == Some('{') || (next.is_none() && before_interpolation) => out.push_str("\\u0024"),
            '%' if next == Some('{') => out.push_str("\\u0025"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// One piece of an HCL string template: literal text (escaped by [`hcl_template`]) or an expression
/// this generator wrote itself, such as `azurerm_kubernetes_cluster.this.id` (never user text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HclPart {
    Text(String),
    Expr(String),
}

/// A quoted HCL template: the text pieces escaped as in [`hcl`], each expression as `${expr}`.
pub fn hcl_template(parts: &[HclPart]) -> String {
    let mut out = String::from("\"");
    for (k, part) in parts.iter().enumerate() {
        match part {
            HclPart::Text(t) => {
                let before = matches!(parts.get(k + 1), Some(HclPart::Expr(_)));
                out.push_str(&hcl_text(t, before));
            }
            HclPart::Expr(e) => {
                out.push_str("${");
                out.push_str(e);
                out.push('}');
            }
        }
    }
    out.push('"');
    out
}

/// A Bicep string literal whose value is exactly `s`, for any input. Bicep strings are single-quoted;
/// inside them `\` escapes, `'` ends the string and `${` starts an interpolation, so those become
/// `\\`, `\'` and `\${`; line breaks and other control characters become `\n`, `\r`, `\t` or `\u{X}`
/// (Bicep's escapes: docs "Data types in Bicep", Strings).
///
/// A backslash right before the closing quote is written `\u{5C}`, which means the same to Bicep:
/// pycep-parser, the parser the offline checks rely on, reads `\\'` as an escaped quote and would
/// run the string on past its end (found by tests/generate_bicep_props.rs).
pub fn bicep(s: &str) -> String {
    format!("'{}'", bicep_text(s, true))
}

fn bicep_text(s: &str, before_quote: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if before_quote && chars.peek().is_none() => out.push_str("\\u{5C}"),
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // `\u{24}` is `$` to Bicep, as `\$` is; pycep-parser, which checks the files, misreads a
            // `\${` followed later in the file by a `\u{...}` escape as one string running on.
            '$' if chars.peek() == Some(&'{') => out.push_str("\\u{24}"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{{{:X}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// A Bicep interpolated string: text pieces escaped as in [`bicep`], each expression (written by
/// this generator, never user text) as `${expr}`.
pub fn bicep_template(parts: &[HclPart]) -> String {
    let mut out = String::from("'");
    for (k, part) in parts.iter().enumerate() {
        match part {
            HclPart::Text(t) => out.push_str(&bicep_text(t, k + 1 == parts.len())),
            HclPart::Expr(e) => {
                out.push_str("${");
                out.push_str(e);
                out.push('}');
            }
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

/// `// ` comment lines (Bicep), wrapped and cleaned as in [`hash_comment`], so no value can end a
/// comment early.
pub fn slash_comment(text: &str) -> String {
    hash_comment(text).lines().map(|l| format!("//{}\n", &l[1..])).collect()
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

/// Text safe inside XML and HTML (element text and quoted attributes): tabs and line breaks become spaces,
/// characters XML forbids become U+FFFD.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(' '),
            // XML 1.0 allows neither control characters nor these two noncharacters.
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
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
    fn hcl_escapes_what_hcl_reads_and_nothing_else() {
        assert_eq!(hcl("rg-aks-demo"), "\"rg-aks-demo\"");
        assert_eq!(hcl(""), "\"\"");
        assert_eq!(hcl("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(hcl("${var.x}"), "\"\\u0024{var.x}\"");
        assert_eq!(hcl("%{if}"), "\"\\u0025{if}\"");
        assert_eq!(hcl("$$${"), "\"$$\\u0024{\"");
        assert_eq!(hcl("cost $5 or 50%"), "\"cost $5 or 50%\"");
        assert_eq!(hcl("a\nb\r\tc\u{1}"), "\"a\\nb\\r\\tc\\u0001\"");
        assert_eq!(hcl("\u{2028}é🦀"), "\"\\u2028é🦀\"");
        // Whatever goes in, no raw line break and no raw `${` or `%{` comes out.
        for hostile in ["${", "%{", "\n", "$\n{", "\\${x}", "\"${x}\""] {
            let q = hcl(hostile);
            assert!(!q.contains('\n') && !q.contains("${") && !q.contains("%{"), "{hostile:?} -> {q}");
        }
        // A `$` right before an interpolation the generator adds would turn it into a literal `${`.
        let t = hcl_template(&[HclPart::Text("a$".into()), HclPart::Expr("var.x".into()), HclPart::Text("$".into())]);
        assert_eq!(t, "\"a\\u0024${var.x}$\"");
    }

    #[test]
    fn bicep_escapes_quotes_backslashes_and_interpolations() {
        assert_eq!(bicep("aks-demo"), "'aks-demo'");
        assert_eq!(bicep("it's"), "'it\\'s'");
        assert_eq!(bicep("a\\b"), "'a\\\\b'");
        assert_eq!(bicep("a\\"), "'a\\u{5C}'", "a last backslash cannot look like an escaped quote");
        assert_eq!(bicep("${x}$5"), "'\\u{24}{x}$5'", "no interpolation: the dollar is escaped");
        assert_eq!(bicep("a\nb\u{1}"), "'a\\nb\\u{1}'");
        assert_eq!(
            bicep_template(&[HclPart::Expr("cluster.id".into()), HclPart::Text("/x'${".into())]),
            "'${cluster.id}/x\\'\\u{24}{'"
        );
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
