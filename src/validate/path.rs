//! Field paths: how a finding points at a value, and how a fix changes it.
//!
//! Grammar (the serde field names of `Answers`, so a path reads like the YAML):
//! ```text
//! path    = segment *( "." segment )
//! segment = name *( "[" index "]" )
//! name    = 1*( "a".."z" / "_" )
//! index   = 1*DIGIT                      ; 0-based
//! ```
//! Examples: `tenant.tenant_id`, `admin.admin_group_object_ids[0]`, `cluster.existing.oidc_issuer`,
//! `workloads[0].namespace`, `workloads[0].grants[1].role`. A path may also name a whole list or item
//! (`workloads`, `workloads[0]`, `workloads[0].grants[1]`) for findings about it as a whole.
//!
//! Reading and writing go through the document form of `Answers` (`crate::yaml::Value`), so every field is reachable with one
//! small piece of code, and an edit that would not deserialise (a wrong enum name) is refused.

use crate::answers::Answers;
use crate::yaml::{self, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn parse(path: &str) -> Option<Vec<Seg>> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return None;
        }
        segs.push(Seg::Key(name.to_string()));
        while !rest.is_empty() {
            let inner = rest.strip_prefix('[')?;
            let close = inner.find(']')?;
            let digits = &inner[..close];
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            segs.push(Seg::Index(digits.parse().ok()?));
            rest = &inner[close + 1..];
        }
    }
    Some(segs)
}

fn walk<'v>(mut v: &'v mut Value, segs: &[Seg]) -> Option<&'v mut Value> {
    for s in segs {
        v = match s {
            Seg::Key(k) => v.as_mapping_mut()?.get_mut(k.as_str())?,
            Seg::Index(i) => v.as_sequence_mut()?.get_mut(*i)?,
        };
    }
    Some(v)
}

/// Apply `change` to the document form and keep the result only if it is still valid `Answers`.
fn edit(answers: &mut Answers, change: impl FnOnce(&mut Value) -> Option<()>) -> bool {
    let Ok(mut json) = yaml::to_value(&*answers) else {
        return false;
    };
    if change(&mut json).is_none() {
        return false;
    }
    match yaml::from_value::<Answers>(json) {
        Ok(new) => {
            *answers = new;
            true
        }
        Err(_) => false,
    }
}

/// Set the value at `path` from its text form: `true`/`false` for switches, digits for numbers, the
/// serde name for choices (`resource`, `AzureCloud`), the text itself for text. Fields left out of the
/// serialised form because they are empty can be set too. Returns false, changing nothing, when the
/// path does not exist or the value does not fit.
pub fn set(answers: &mut Answers, path: &str, value: &str) -> bool {
    let Some(segs) = parse(path) else { return false };
    let Some((last, parent)) = segs.split_last() else { return false };
    edit(answers, |json| {
        let parent = walk(json, parent)?;
        let slot = match last {
            Seg::Key(k) => {
                let obj = parent.as_mapping_mut()?;
                obj.entry(Value::String(k.clone())).or_insert(Value::Null)
            }
            Seg::Index(i) => parent.as_sequence_mut()?.get_mut(*i)?,
        };
        *slot = match slot {
            Value::Bool(_) => Value::Bool(value.parse().ok()?),
            Value::Number(_) => Value::Number(value.parse::<u64>().ok()?.into()),
            Value::String(_) | Value::Null => Value::String(value.to_string()),
            Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => return None,
        };
        Some(())
    })
}

/// Remove the list item at `path` (which must end in an index).
pub fn remove(answers: &mut Answers, path: &str) -> bool {
    let Some(segs) = parse(path) else { return false };
    let Some((Seg::Index(i), parent)) = segs.split_last() else { return false };
    edit(answers, |json| {
        let list = walk(json, parent)?.as_sequence_mut()?;
        (*i < list.len()).then(|| {
            list.remove(*i);
        })
    })
}

/// Remove several items of one list, highest index first so earlier removals do not shift later ones;
/// nothing changes unless every removal succeeds.
pub fn remove_all(answers: &mut Answers, paths: &[String]) -> bool {
    // One path per index, taken highest first.
    let mut indexed: Vec<(usize, &String)> = Vec::new();
    for p in paths {
        match parse(p).as_deref().and_then(<[Seg]>::last) {
            Some(Seg::Index(i)) => {
                if let Err(at) = indexed.binary_search_by(|(j, _)| i.cmp(j)) {
                    indexed.insert(at, (*i, p));
                }
            }
            _ => return false,
        }
    }
    let mut work = answers.clone();
    if !paths.is_empty() && indexed.iter().all(|(_, p)| remove(&mut work, p)) {
        *answers = work;
        true
    } else {
        false
    }
}

/// Whether `path` names something in `answers`: a scalar, a list, a list item or a group.
pub fn exists(answers: &Answers, path: &str) -> bool {
    let Some(segs) = parse(path) else { return false };
    let Ok(mut json) = yaml::to_value(answers) else { return false };
    walk(&mut json, &segs).is_some() || get(answers, path).is_some()
}

/// The text form of the value at `path` (as `set` takes it), or None when there is no such scalar.
/// Empty optional text fields read as "".
pub fn get(answers: &Answers, path: &str) -> Option<String> {
    let segs = parse(path)?;
    let mut json = yaml::to_value(answers).ok()?;
    let (last, parent) = segs.split_last()?;
    let parent = walk(&mut json, parent)?;
    let v = match last {
        Seg::Key(k) => match parent.as_mapping()?.get(k.as_str()) {
            Some(v) => v,
            // A text field left out because it is empty, if setting it is accepted (unknown names are not).
            None => return set(&mut answers.clone(), path, "").then(String::new),
        },
        Seg::Index(i) => parent.as_sequence()?.get(*i)?,
    };
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_grammar() {
        assert_eq!(
            parse("workloads[0].grants[12].role"),
            Some(vec![
                Seg::Key("workloads".into()),
                Seg::Index(0),
                Seg::Key("grants".into()),
                Seg::Index(12),
                Seg::Key("role".into())
            ])
        );
        for bad in ["", "a..b", "a[", "a[]", "a[x]", "A", "a[1]b", "a.[1]", "a[-1]"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn sets_every_kind_of_field() {
        let mut a = Answers::default();
        assert!(set(&mut a, "cluster.name", "aks-x"));
        assert_eq!(a.cluster.name, "aks-x");
        assert!(set(&mut a, "cluster.node_count", "7"));
        assert_eq!(a.cluster.node_count, 7);
        assert!(set(&mut a, "admin.azure_rbac", "false"));
        assert!(!a.admin.azure_rbac);
        assert!(set(&mut a, "tenant.cloud", "AzureUSGovernment"));
        assert_eq!(a.tenant.cloud, crate::answers::Cloud::AzureUSGovernment);
        assert!(set(&mut a, "cluster.existing.oidc_issuer", "true"));
        assert!(a.cluster.existing.oidc_issuer);
        // Skipped-when-empty field.
        assert!(set(&mut a, "workloads[0].grants[0].resource_group", "rg-data"));
        assert_eq!(a.workloads[0].grants[0].resource_group, "rg-data");
        assert!(set(&mut a, "workloads[0].grants[0].scope", "subscription"));
        assert!(set(&mut a, "admin.admin_group_object_ids[0]", "x"));
        assert_eq!(a.admin.admin_group_object_ids[0], "x");
        assert_eq!(get(&a, "workloads[0].grants[0].scope").as_deref(), Some("subscription"));
        assert_eq!(get(&a, "cluster.vm_size").as_deref(), Some(""));
        assert_eq!(get(&a, "cluster.node_count").as_deref(), Some("7"));
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let mut a = Answers::default();
        let before = a.clone();
        assert!(!set(&mut a, "cluster.node_count", "many"));
        assert!(!set(&mut a, "cluster.node_count", "99999999999"), "u32 overflow is refused by the reader");
        assert!(!set(&mut a, "tenant.cloud", "Mars"));
        assert!(!set(&mut a, "workloads[5].namespace", "x"));
        assert!(!set(&mut a, "cluster.nope", "x"), "unknown field is refused by deny_unknown_fields");
        assert!(!set(&mut a, "workloads", "x"));
        assert!(!remove(&mut a, "workloads[3]"));
        assert!(!remove(&mut a, "cluster.name"));
        assert_eq!(a, before);
        assert_eq!(get(&a, "workloads[9].namespace"), None);
        assert_eq!(get(&a, "workloads"), None);
        assert_eq!(get(&a, "cluster.nope"), None);
    }

    #[test]
    fn removes_list_items() {
        let mut a = Answers::default();
        a.admin.admin_group_object_ids.push("dup".into());
        assert!(remove(&mut a, "admin.admin_group_object_ids[1]"));
        assert_eq!(a.admin.admin_group_object_ids.len(), 1);
        a.admin.admin_group_object_ids = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        let paths = ["admin.admin_group_object_ids[1]".to_string(), "admin.admin_group_object_ids[3]".to_string()];
        assert!(remove_all(&mut a, &paths));
        assert_eq!(a.admin.admin_group_object_ids, ["a", "c"]);
        // Any order, a repeated index once.
        a.admin.admin_group_object_ids = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        let paths = ["[0]", "[2]", "[0]"].map(|i| format!("admin.admin_group_object_ids{i}"));
        assert!(remove_all(&mut a, &paths));
        assert_eq!(a.admin.admin_group_object_ids, ["b", "d"]);
        let before = a.clone();
        let bad = ["admin.admin_group_object_ids[0]".to_string(), "admin.admin_group_object_ids[7]".to_string()];
        assert!(!remove_all(&mut a, &bad), "all or nothing");
        assert_eq!(a, before);
    }

    #[test]
    fn exists_knows_lists_items_and_scalars() {
        let a = Answers::default();
        for p in ["workloads", "workloads[0]", "workloads[0].grants", "workloads[0].grants[0]", "cluster.vm_size", "tenant", "admin.admin_group_object_ids"] {
            assert!(exists(&a, p), "{p}");
        }
        for p in ["workloads[1]", "cluster.nope", "x", "workloads[0].grants[3].role"] {
            assert!(!exists(&a, p), "{p}");
        }
    }
}
