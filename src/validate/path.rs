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
//! Paths resolve on the typed `Answers` (`Slot`), not on a YAML document model: the UI reads every
//! visible field through `get` on each edit, and a document model costs a serialisation per call and
//! tens of KB of wasm. Each struct names its fields once, in `Slot::parts`, by their serde names;
//! a test checks those against what serde writes, so a field added to `Answers` cannot be forgotten.

use crate::answers::{
    AccessGrant, AccessNeed, AdminAccess, Answers, Cloud, Cluster, ClusterMode, ExistingFeatures, Outputs, Pipeline, PipelineTrigger,
    ScopeLevel, TargetKind, Tenant, Tier, Workload, WorkloadKind, Workshop,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg<'p> {
    Key(&'p str),
    Index(usize),
}

fn parse(path: &str) -> Option<Vec<Seg<'_>>> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return None;
        }
        segs.push(Seg::Key(name));
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

/// A choice field, read and written by its serde name (the names `enum_names!` gives each enum).
trait Choice {
    fn name(&self) -> &'static str;
    /// Takes the value called `name`; false, changing nothing, when there is none.
    fn choose(&mut self, name: &str) -> bool;
}

macro_rules! choice {
    ($($ty:ident),*) => {$(
        impl Choice for $ty {
            fn name(&self) -> &'static str {
                self.yaml_name()
            }
            fn choose(&mut self, name: &str) -> bool {
                match $ty::ALL.into_iter().find(|v| v.yaml_name() == name) {
                    Some(v) => {
                        *self = v;
                        true
                    }
                    None => false,
                }
            }
        }
    )*};
}

choice!(Cloud, ClusterMode, Tier, WorkloadKind, TargetKind, AccessNeed, ScopeLevel, PipelineTrigger);

/// The resolver, written once and expanded twice: `shared` for `get`, `exists` and `text_fields`
/// (which take `&Answers`, so reading needs no clone), `mutable` for `set` and `remove`.
macro_rules! resolver {
    ($module:ident $(, $m:tt)?) => {
        mod $module {
            use super::*;

            /// What a path names: a scalar, a list or a struct.
            pub(super) enum Slot<'a> {
                Text(&'a $($m)? String),
                Switch(&'a $($m)? bool),
                Count(&'a $($m)? u32),
                Choice(&'a $($m)? dyn Choice),
                Texts(&'a $($m)? Vec<String>),
                Workloads(&'a $($m)? Vec<Workload>),
                Grants(&'a $($m)? Vec<AccessGrant>),
                Answers(&'a $($m)? Answers),
                Tenant(&'a $($m)? Tenant),
                Admin(&'a $($m)? AdminAccess),
                Cluster(&'a $($m)? Cluster),
                Existing(&'a $($m)? ExistingFeatures),
                Workload(&'a $($m)? Workload),
                Grant(&'a $($m)? AccessGrant),
                Pipeline(&'a $($m)? Pipeline),
                Workshop(&'a $($m)? Workshop),
                Outputs(&'a $($m)? Outputs),
            }

            impl<'a> Slot<'a> {
                /// Each part of a struct (by serde name, in declaration order, which is the YAML's)
                /// or of a list (by index); nothing for a scalar. The one place field names live.
                pub(super) fn parts(self, f: &mut dyn FnMut(Seg<'static>, Slot<'a>)) {
                    let mut field = |name, slot| f(Seg::Key(name), slot);
                    match self {
                        Slot::Answers(a) => {
                            field("version", Slot::Count(&$($m)? a.version));
                            field("tenant", Slot::Tenant(&$($m)? a.tenant));
                            field("admin", Slot::Admin(&$($m)? a.admin));
                            field("cluster", Slot::Cluster(&$($m)? a.cluster));
                            field("workloads", Slot::Workloads(&$($m)? a.workloads));
                            // Only a pipeline that is there has fields; `pipeline` itself names none.
                            if let Some(p) = &$($m)? a.pipeline {
                                field("pipeline", Slot::Pipeline(p));
                            }
                            if let Some(w) = &$($m)? a.workshop {
                                field("workshop", Slot::Workshop(w));
                            }
                            // Always there, though the YAML leaves the default out: the Review
                            // step's checkboxes read and set it by path from the default on.
                            field("outputs", Slot::Outputs(&$($m)? a.outputs));
                        }
                        Slot::Outputs(o) => {
                            field("scripts", Slot::Switch(&$($m)? o.scripts));
                            field("terraform", Slot::Switch(&$($m)? o.terraform));
                            field("bicep", Slot::Switch(&$($m)? o.bicep));
                        }
                        Slot::Tenant(t) => {
                            field("cloud", Slot::Choice(&$($m)? t.cloud));
                            field("tenant_id", Slot::Text(&$($m)? t.tenant_id));
                            field("subscription_id", Slot::Text(&$($m)? t.subscription_id));
                            field("location", Slot::Text(&$($m)? t.location));
                        }
                        Slot::Admin(x) => {
                            field("admin_group_object_ids", Slot::Texts(&$($m)? x.admin_group_object_ids));
                            field("azure_rbac", Slot::Switch(&$($m)? x.azure_rbac));
                            field("disable_local_accounts", Slot::Switch(&$($m)? x.disable_local_accounts));
                        }
                        Slot::Cluster(c) => {
                            field("mode", Slot::Choice(&$($m)? c.mode));
                            field("existing", Slot::Existing(&$($m)? c.existing));
                            field("resource_group", Slot::Text(&$($m)? c.resource_group));
                            field("name", Slot::Text(&$($m)? c.name));
                            field("node_count", Slot::Count(&$($m)? c.node_count));
                            field("vm_size", Slot::Text(&$($m)? c.vm_size));
                            field("kubernetes_version", Slot::Text(&$($m)? c.kubernetes_version));
                            field("tier", Slot::Choice(&$($m)? c.tier));
                            field("acr_name", Slot::Text(&$($m)? c.acr_name));
                            field("acr_resource_group", Slot::Text(&$($m)? c.acr_resource_group));
                        }
                        Slot::Existing(e) => {
                            field("entra_id", Slot::Switch(&$($m)? e.entra_id));
                            field("oidc_issuer", Slot::Switch(&$($m)? e.oidc_issuer));
                            field("workload_identity", Slot::Switch(&$($m)? e.workload_identity));
                        }
                        Slot::Workload(w) => {
                            field("identity_name", Slot::Text(&$($m)? w.identity_name));
                            field("namespace", Slot::Text(&$($m)? w.namespace));
                            field("service_account", Slot::Text(&$($m)? w.service_account));
                            field("federated_credential_name", Slot::Text(&$($m)? w.federated_credential_name));
                            field("app_name", Slot::Text(&$($m)? w.app_name));
                            field("image", Slot::Text(&$($m)? w.image));
                            field("kind", Slot::Choice(&$($m)? w.kind));
                            field("grants", Slot::Grants(&$($m)? w.grants));
                        }
                        Slot::Grant(g) => {
                            field("target", Slot::Choice(&$($m)? g.target));
                            field("resource_name", Slot::Text(&$($m)? g.resource_name));
                            field("resource_group", Slot::Text(&$($m)? g.resource_group));
                            field("sub_resource", Slot::Text(&$($m)? g.sub_resource));
                            field("need", Slot::Choice(&$($m)? g.need));
                            field("role", Slot::Text(&$($m)? g.role));
                            field("scope", Slot::Choice(&$($m)? g.scope));
                        }
                        Slot::Pipeline(p) => {
                            field("repository", Slot::Text(&$($m)? p.repository));
                            field("trigger", Slot::Choice(&$($m)? p.trigger));
                            field("ref_pattern", Slot::Text(&$($m)? p.ref_pattern));
                            field("environment", Slot::Text(&$($m)? p.environment));
                            field("identity_name", Slot::Text(&$($m)? p.identity_name));
                            field("federated_credential_name", Slot::Text(&$($m)? p.federated_credential_name));
                            field("namespaces", Slot::Texts(&$($m)? p.namespaces));
                            field("push_images", Slot::Switch(&$($m)? p.push_images));
                            field("deploy_role", Slot::Text(&$($m)? p.deploy_role));
                        }
                        Slot::Workshop(w) => {
                            field("participants", Slot::Count(&$($m)? w.participants));
                            field("name_pattern", Slot::Text(&$($m)? w.name_pattern));
                            field("people", Slot::Texts(&$($m)? w.people));
                            field("participant_role", Slot::Text(&$($m)? w.participant_role));
                        }
                        Slot::Texts(v) => v.into_iter().enumerate().for_each(|(i, x)| f(Seg::Index(i), Slot::Text(x))),
                        Slot::Workloads(v) => v.into_iter().enumerate().for_each(|(i, x)| f(Seg::Index(i), Slot::Workload(x))),
                        Slot::Grants(v) => v.into_iter().enumerate().for_each(|(i, x)| f(Seg::Index(i), Slot::Grant(x))),
                        Slot::Text(_) | Slot::Switch(_) | Slot::Count(_) | Slot::Choice(_) => {}
                    }
                }
            }

            /// What `segs` names in `answers`, if anything.
            pub(super) fn resolve<'a>(answers: &'a $($m)? Answers, segs: &[Seg<'_>]) -> Option<Slot<'a>> {
                segs.iter().try_fold(Slot::Answers(answers), |slot, seg| {
                    let mut found = None;
                    slot.parts(&mut |s, part| {
                        if s == *seg {
                            found = Some(part);
                        }
                    });
                    found
                })
            }
        }
    };
}

resolver!(shared);
resolver!(mutable, mut);

/// Set the value at `path` from its text form: `true`/`false` for switches, digits for numbers, the
/// serde name for choices (`resource`, `AzureCloud`), the text itself for text. Returns false,
/// changing nothing, when the path does not name a scalar or the value does not fit.
pub fn set(answers: &mut Answers, path: &str, value: &str) -> bool {
    use mutable::Slot;
    let Some(segs) = parse(path) else { return false };
    match mutable::resolve(answers, &segs) {
        Some(Slot::Text(s)) => {
            value.clone_into(s);
            true
        }
        Some(Slot::Switch(b)) => value.parse().map(|v| *b = v).is_ok(),
        Some(Slot::Count(n)) => value.parse().map(|v| *n = v).is_ok(),
        Some(Slot::Choice(c)) => c.choose(value),
        _ => false,
    }
}

/// Remove the list item at `path` (which must end in an index).
pub fn remove(answers: &mut Answers, path: &str) -> bool {
    use mutable::Slot;
    fn take<T>(items: &mut Vec<T>, i: usize) -> bool {
        (i < items.len()).then(|| items.remove(i)).is_some()
    }
    let Some(segs) = parse(path) else { return false };
    let Some((&Seg::Index(i), list)) = segs.split_last() else { return false };
    match mutable::resolve(answers, list) {
        Some(Slot::Texts(v)) => take(v, i),
        Some(Slot::Workloads(v)) => take(v, i),
        Some(Slot::Grants(v)) => take(v, i),
        _ => false,
    }
}

/// Replace the list of text at `path` (such as `pipeline.namespaces`) with `values`.
pub fn set_texts(answers: &mut Answers, path: &str, values: &[String]) -> bool {
    let Some(segs) = parse(path) else { return false };
    match mutable::resolve(answers, &segs) {
        Some(mutable::Slot::Texts(v)) => {
            values.clone_into(v);
            true
        }
        _ => false,
    }
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
    parse(path).is_some_and(|segs| shared::resolve(answers, &segs).is_some())
}

/// The text form of the value at `path` (as `set` takes it), or None when there is no such scalar.
/// Empty optional text fields read as "".
pub fn get(answers: &Answers, path: &str) -> Option<String> {
    use shared::Slot;
    match shared::resolve(answers, &parse(path)?)? {
        Slot::Text(s) => Some(s.clone()),
        Slot::Switch(b) => Some(b.to_string()),
        Slot::Count(n) => Some(n.to_string()),
        Slot::Choice(c) => Some(c.name().to_string()),
        _ => None,
    }
}

/// Every text field (list items included) with its path, in the YAML's order; for checks that hold
/// for all text alike, such as `generate`'s refusal of NUL characters.
pub fn text_fields(answers: &Answers) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    scalars(shared::Slot::Answers(answers), &mut String::new(), &mut |path, slot| {
        if let shared::Slot::Text(s) = slot {
            out.push((path.to_string(), s.as_str()));
        }
    });
    out
}

/// Every scalar under `slot`, with its path (`slot`'s own path being `path`), depth first.
fn scalars<'a>(slot: shared::Slot<'a>, path: &mut String, f: &mut dyn FnMut(&str, shared::Slot<'a>)) {
    use shared::Slot;
    if let Slot::Text(_) | Slot::Switch(_) | Slot::Count(_) | Slot::Choice(_) = slot {
        return f(path, slot);
    }
    slot.parts(&mut |seg, part| {
        let len = path.len();
        match seg {
            Seg::Key(name) => {
                if len > 0 {
                    path.push('.');
                }
                path.push_str(name);
            }
            Seg::Index(i) => {
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
            }
        }
        scalars(part, path, f);
        path.truncate(len);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_grammar() {
        assert_eq!(
            parse("workloads[0].grants[12].role"),
            Some(vec![
                Seg::Key("workloads"),
                Seg::Index(0),
                Seg::Key("grants"),
                Seg::Index(12),
                Seg::Key("role")
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
        assert!(!set(&mut a, "cluster.node_count", "99999999999"), "u32 overflow is refused");
        assert!(!set(&mut a, "tenant.cloud", "Mars"));
        assert!(!set(&mut a, "workloads[5].namespace", "x"));
        assert!(!set(&mut a, "cluster.nope", "x"), "unknown field is refused");
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
    fn sets_text_lists_only() {
        let mut a = Answers::default();
        a.pipeline = Some(crate::answers::Pipeline::example(&a));
        let values = vec!["web".to_string(), "api".to_string()];
        assert!(set_texts(&mut a, "pipeline.namespaces", &values));
        assert_eq!(a.pipeline.as_ref().map(|p| p.namespaces.clone()), Some(values));
        let before = a.clone();
        for path in ["pipeline.repository", "workloads", "pipeline.namespaces[0]", "nope"] {
            assert!(!set_texts(&mut a, path, &["x".to_string()]), "{path}");
        }
        assert_eq!(a, before);
    }

    #[test]
    fn exists_knows_lists_items_and_scalars() {
        let a = Answers::default();
        for p in ["workloads", "workloads[0]", "workloads[0].grants", "workloads[0].grants[0]", "cluster.vm_size", "tenant", "admin.admin_group_object_ids"] {
            assert!(exists(&a, p), "{p}");
        }
        for p in ["workloads[1]", "cluster.nope", "x", "workloads[0].grants[3].role", "pipeline", "pipeline.repository"] {
            assert!(!exists(&a, p), "{p}");
        }
        let mut b = a.clone();
        b.pipeline = Some(crate::answers::Pipeline::example(&a));
        for p in ["pipeline", "pipeline.namespaces", "pipeline.namespaces[0]", "pipeline.push_images"] {
            assert!(exists(&b, p), "{p}");
        }
    }

    /// Every field set, non-empty (so serde writes each one), with several workloads and grants.
    fn populated() -> Answers {
        use crate::answers::*;
        let mut a = Answers::default();
        a.tenant.cloud = Cloud::AzureChinaCloud;
        a.admin.admin_group_object_ids.push("33333333-3333-3333-3333-333333333333".into());
        a.admin.disable_local_accounts = false;
        a.cluster.mode = ClusterMode::Existing;
        a.cluster.existing = ExistingFeatures { entra_id: true, oidc_issuer: false, workload_identity: true };
        a.cluster.vm_size = "Standard_D2s_v5".into();
        a.cluster.kubernetes_version = "1.30".into();
        a.cluster.tier = Tier::Standard;
        a.cluster.acr_name = "acrdemo".into();
        a.cluster.acr_resource_group = "rg-acr".into();
        a.workloads = (0..3)
            .map(|n| {
                let mut w = Workload::example(n);
                w.kind = if n == 1 { WorkloadKind::Pod } else { WorkloadKind::Deployment };
                w.grants[0].resource_group = format!("rg-data-{n}");
                w.grants.push(AccessGrant {
                    target: TargetKind::KeyVaultSecrets,
                    resource_name: format!("kv-{n}"),
                    resource_group: "rg-kv".into(),
                    sub_resource: "db-password".into(),
                    need: AccessNeed::Read,
                    role: "Key Vault Secrets User".into(),
                    scope: ScopeLevel::ResourceGroup,
                });
                w
            })
            .collect();
        let mut p = Pipeline::example(&a);
        p.trigger = PipelineTrigger::Tag;
        p.ref_pattern = "v*".into();
        p.namespaces.push("web".into());
        p.push_images = true;
        a.pipeline = Some(p);
        let mut ws = crate::answers::Workshop::example(4);
        ws.people = vec!["ada@contoso.com".into(), "33333333-3333-3333-3333-333333333333".into()];
        a.workshop = Some(ws);
        a.outputs = Outputs { scripts: false, terraform: true, bicep: true };
        a
    }

    /// Every scalar serde writes for `a`, by path, with its text form: the reference the resolver is
    /// checked against (tests only: the app has no document model).
    fn serde_scalars(a: &Answers) -> Vec<(String, String)> {
        use serde_yaml::Value;
        fn walk(v: &Value, path: String, out: &mut Vec<(String, String)>) {
            match v {
                Value::Mapping(m) => {
                    for (k, x) in m {
                        let k = k.as_str().expect("string keys");
                        walk(x, if path.is_empty() { k.to_string() } else { format!("{path}.{k}") }, out);
                    }
                }
                Value::Sequence(items) => {
                    for (i, x) in items.iter().enumerate() {
                        walk(x, format!("{path}[{i}]"), out);
                    }
                }
                Value::String(s) => out.push((path, s.clone())),
                Value::Bool(b) => out.push((path, b.to_string())),
                Value::Number(n) => out.push((path, n.to_string())),
                other => panic!("{path}: unexpected {other:?}"),
            }
        }
        let mut out = Vec::new();
        walk(&serde_yaml::to_value(a).expect("serialise"), String::new(), &mut out);
        out
    }

    fn resolver_scalars(a: &Answers) -> Vec<(String, String)> {
        let mut out = Vec::new();
        scalars(shared::Slot::Answers(a), &mut String::new(), &mut |p, _| out.push((p.to_string(), get(a, p).expect(p))));
        out
    }

    /// A field added to `Answers` but not to `Slot::parts` (or named differently there) fails here.
    #[test]
    fn every_scalar_field_is_known_and_round_trips() {
        use crate::answers::*;
        let a = populated();
        let reference = serde_scalars(&a);
        assert!(reference.len() > 60, "{}", reference.len());
        assert_eq!(resolver_scalars(&a), reference);
        let names: Vec<&str> = (Cloud::ALL.map(Cloud::yaml_name).into_iter())
            .chain(ClusterMode::ALL.map(ClusterMode::yaml_name))
            .chain(Tier::ALL.map(Tier::yaml_name))
            .chain(WorkloadKind::ALL.map(WorkloadKind::yaml_name))
            .chain(TargetKind::ALL.map(TargetKind::yaml_name))
            .chain(AccessNeed::ALL.map(AccessNeed::yaml_name))
            .chain(ScopeLevel::ALL.map(ScopeLevel::yaml_name))
            .chain(PipelineTrigger::ALL.map(PipelineTrigger::yaml_name))
            .collect();
        for (path, text) in &reference {
            // Every list and group on the way is named too.
            for (i, c) in path.char_indices() {
                if c == '.' || c == '[' {
                    assert!(exists(&a, &path[..i]), "{}", &path[..i]);
                }
            }
            assert!(exists(&a, path), "{path}");
            // Another value of the field's kind, and one that does not fit (text takes anything).
            let slot = shared::resolve(&a, &parse(path).unwrap()).unwrap();
            let (new, misfit) = match slot {
                shared::Slot::Text(_) => (format!("{text}-x"), None),
                shared::Slot::Switch(b) => ((!*b).to_string(), Some("yes")),
                shared::Slot::Count(n) => ((n + 1).to_string(), Some("-1")),
                shared::Slot::Choice(_) => (names.iter().find(|n| *n != text && set(&mut a.clone(), path, n)).expect(path).to_string(), Some("nonsense")),
                _ => panic!("{path} is not a scalar"),
            };
            let mut b = a.clone();
            assert!(set(&mut b, path, &new), "{path}");
            assert_eq!(get(&b, path).as_ref(), Some(&new), "{path}");
            let expected: Vec<_> = reference.iter().map(|(p, t)| (p.clone(), if p == path { new.clone() } else { t.clone() })).collect();
            assert_eq!(serde_scalars(&b), expected, "{path}: only this field changes");
            if let Some(misfit) = misfit {
                let before = b.clone();
                assert!(!set(&mut b, path, misfit), "{path}");
                assert_eq!(b, before, "{path}");
            }
            assert!(set(&mut b, path, text), "{path}");
            assert_eq!(b, a, "{path}: set back");
        }
    }

    #[test]
    fn text_fields_are_the_text_scalars() {
        let a = populated();
        let texts = text_fields(&a);
        let mut expected = Vec::new();
        for (path, text) in resolver_scalars(&a) {
            // Text takes any value; a switch, count or choice refuses this one.
            if set(&mut a.clone(), &path, "x\0y") {
                expected.push((path, text));
            }
        }
        assert_eq!(texts.iter().map(|(p, t)| (p.clone(), t.to_string())).collect::<Vec<_>>(), expected);
        assert!(texts.iter().any(|(p, _)| p == "admin.admin_group_object_ids[1]"));
        assert!(texts.iter().any(|(p, _)| p == "workloads[2].grants[1].sub_resource"));
        assert!(texts.iter().any(|(p, _)| p == "pipeline.namespaces[1]"));
        // Empty text fields are listed too (serde leaves them out of the YAML).
        assert!(text_fields(&Answers::default()).iter().any(|(p, t)| p == "cluster.vm_size" && t.is_empty()));
    }
}
