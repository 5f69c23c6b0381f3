//! A small typed writer for Terraform's HCL: blocks, attributes, lists and maps, laid out the way
//! `terraform fmt` lays them out (two-space indent, `=` aligned in a run of one-line attributes).
//! Every user value enters through [`s`] or [`t`], which quote with `quote::hcl`; expressions the
//! generator writes itself enter through [`e`]. Nothing here builds quoted text of its own.

use super::quote::{self, HclPart};

/// A value on the right of `=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum V {
    /// HCL text already: a quoted string, a number, `true`, or an expression the generator wrote.
    Raw(String),
    List(Vec<V>),
    /// Keys are quoted (they may hold `.` and `/`, as Kubernetes label names do).
    Map(Vec<(String, V)>),
}

/// A user value as an HCL string.
pub fn s(text: &str) -> V {
    V::Raw(quote::hcl(text))
}

/// An expression written by this generator (a reference such as `var.location`), never user text.
pub fn e(expr: &str) -> V {
    V::Raw(expr.to_string())
}

/// A string template: user text and generator-written expressions.
pub fn t(parts: &[HclPart]) -> V {
    match parts {
        // A template of one expression is that expression (`terraform fmt` style).
        [HclPart::Expr(x)] => e(x),
        _ => V::Raw(quote::hcl_template(parts)),
    }
}

pub fn b(value: bool) -> V {
    V::Raw(value.to_string())
}

pub fn n(value: u32) -> V {
    V::Raw(value.to_string())
}

pub fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> V {
    V::List(items.into_iter().map(s).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Attr(String, V),
    Block(Block),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block type and its labels, e.g. `resource "azurerm_role_assignment" "w1_g1"`.
    pub head: String,
    pub items: Vec<Item>,
}

impl Block {
    /// A block whose labels are quoted here (labels are generator-chosen names, quoted all the same).
    pub fn new(kind: &str, labels: &[&str]) -> Block {
        let mut head = kind.to_string();
        for l in labels {
            head.push(' ');
            head.push_str(&quote::hcl(l));
        }
        Block { head, items: Vec::new() }
    }

    pub fn attr(mut self, name: &str, value: V) -> Block {
        self.items.push(Item::Attr(name.to_string(), value));
        self
    }

    pub fn block(mut self, b: Block) -> Block {
        self.items.push(Item::Block(b));
        self
    }

    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }
}

/// A whole file: a comment at the top, then blocks separated by blank lines, each with an optional
/// comment above it.
pub fn file(header: &str, blocks: &[(Option<String>, Block)]) -> String {
    let mut out = quote::hash_comment(header);
    for (comment, block) in blocks {
        out.push('\n');
        if let Some(c) = comment {
            out.push_str(&quote::hash_comment(c));
        }
        write_block(&mut out, block, 0);
    }
    out
}

fn pad(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn one_line(v: &V) -> Option<String> {
    match v {
        V::Raw(r) => Some(r.clone()),
        V::List(items) => {
            let parts: Option<Vec<String>> = items.iter().map(one_line).collect();
            let line = format!("[{}]", parts?.join(", "));
            (line.len() <= 80).then_some(line)
        }
        V::Map(m) if m.is_empty() => Some("{}".into()),
        V::Map(_) => None,
    }
}

fn write_value(out: &mut String, v: &V, level: usize) {
    if let Some(line) = one_line(v) {
        out.push_str(&line);
        return;
    }
    match v {
        V::Raw(r) => out.push_str(r),
        V::List(items) => {
            out.push_str("[\n");
            for item in items {
                pad(out, level + 1);
                write_value(out, item, level + 1);
                out.push_str(",\n");
            }
            pad(out, level);
            out.push(']');
        }
        V::Map(entries) => {
            out.push_str("{\n");
            let width = entries.iter().map(|(k, _)| quote::hcl(k).chars().count()).max().unwrap_or(0);
            for (k, val) in entries {
                pad(out, level + 1);
                let key = quote::hcl(k);
                out.push_str(&key);
                for _ in key.chars().count()..width {
                    out.push(' ');
                }
                out.push_str(" = ");
                write_value(out, val, level + 1);
                out.push('\n');
            }
            pad(out, level);
            out.push('}');
        }
    }
}

fn write_block(out: &mut String, block: &Block, level: usize) {
    pad(out, level);
    out.push_str(&block.head);
    if block.items.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    let items = &block.items;
    let mut k = 0;
    while k < items.len() {
        match &items[k] {
            Item::Attr(..) => {
                // A run of attributes: `=` aligned over those that fit on one line, as fmt does.
                let start = k;
                while k < items.len() && matches!(items[k], Item::Attr(..)) {
                    k += 1;
                }
                let run = &items[start..k];
                let width = run
                    .iter()
                    .filter_map(|i| match i {
                        Item::Attr(name, v) if one_line(v).is_some() => Some(name.len()),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                for i in run {
                    if let Item::Attr(name, v) = i {
                        pad(out, level + 1);
                        out.push_str(name);
                        if one_line(v).is_some() {
                            for _ in name.len()..width {
                                out.push(' ');
                            }
                        }
                        out.push_str(" = ");
                        write_value(out, v, level + 1);
                        out.push('\n');
                    }
                }
            }
            Item::Block(inner) => {
                if k > 0 {
                    out.push('\n');
                }
                write_block(out, inner, level + 1);
                k += 1;
            }
        }
    }
    pad(out, level);
    out.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_laid_out_like_terraform_fmt() {
        let b = Block::new("resource", &["azurerm_role_assignment", "w1_g1"])
            .attr("scope", s("/subscriptions/x"))
            .attr("principal_type", s("ServicePrincipal"))
            .block(Block::new("metadata", &[]).attr("labels", V::Map(vec![("app.kubernetes.io/name".into(), s("demo"))])));
        let text = file("Top.", &[(Some("Grant 1.".into()), b)]);
        assert_eq!(
            text,
            "# Top.\n\n# Grant 1.\nresource \"azurerm_role_assignment\" \"w1_g1\" {\n  scope          = \"/subscriptions/x\"\n  principal_type = \"ServicePrincipal\"\n\n  metadata {\n    labels = {\n      \"app.kubernetes.io/name\" = \"demo\"\n    }\n  }\n}\n"
        );
    }
}
