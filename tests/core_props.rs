//! Property tests: random answers never panic validation or the codecs, both codecs round-trip
//! exactly, every finding points at a real field, and every fix removes the finding it was offered for.

use aks_identity_wizard::answers::*;
use aks_identity_wizard::catalog;
use aks_identity_wizard::validate::{self, path};
use proptest::prelude::*;

/// Text that is sometimes valid, sometimes nearly valid, sometimes anything; small pools make
/// collisions between workloads (shared names) likely.
fn text(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(pool).prop_map(str::to_string),
        2 => "[a-z0-9-]{0,14}",
        1 => "[A-Za-z0-9 _./:{}-]{0,20}",
        1 => any::<String>(),
    ]
}

fn guid() -> impl Strategy<Value = String> {
    text(&[
        "00000000-0000-0000-0000-000000000000",
        "72f988bf-86f1-41af-91ab-2d7cd011db47",
        " {72f988bf-86f1-41af-91ab-2d7cd011db47} ",
        "not-a-guid",
    ])
}

fn role() -> impl Strategy<Value = String> {
    let names: Vec<String> = catalog::roles().iter().map(|r| r.name.to_string()).collect();
    prop_oneof![
        6 => proptest::sample::select(names.clone()),
        1 => proptest::sample::select(names).prop_map(|n| n.to_lowercase()),
        1 => text(&["", "Owner", "Storage Blob Data Readr"]),
    ]
}

/// A role that fits the target most of the time, so the finer least-privilege rules get exercised.
fn role_for(target: TargetKind) -> impl Strategy<Value = String> {
    let t = catalog::target(target);
    let fitting: Vec<String> = t.roles.iter().chain(t.also_works.iter().map(|(r, _)| r)).map(|r| r.to_string()).collect();
    prop_oneof![3 => proptest::sample::select(fitting), 1 => role()]
}

fn grant() -> impl Strategy<Value = AccessGrant> {
    proptest::sample::select(TargetKind::ALL.to_vec()).prop_flat_map(|target| (
        Just(target),
        text(&["stdemodata", "kv-demo", "acrdemo01", "sb-demo", "cosmos-demo", "sql-demo", "St-Demo"]),
        text(&["", "", "rg-data", "rg/bad"]),
        text(&["", "reports", "topics/orders", "shop/orders", "a/b/c", "Reports"]),
        proptest::sample::select(AccessNeed::ALL.to_vec()),
        role_for(target),
        proptest::sample::select(vec![ScopeLevel::Resource, ScopeLevel::Resource, ScopeLevel::ResourceGroup, ScopeLevel::Subscription]),
    ))
        .prop_map(|(target, resource_name, resource_group, sub_resource, need, role, scope)| AccessGrant {
            target,
            resource_name,
            resource_group,
            sub_resource,
            need,
            role,
            scope,
        })
}

fn workload() -> impl Strategy<Value = Workload> {
    (
        text(&["id-a", "id-a", "id-b", "aks-demo-agentpool", "id"]),
        text(&["demo", "demo", "team", "kube-system", "kube-x", "Demo"]),
        text(&["app", "app", "worker", "Bad.SA"]),
        text(&["fic-a", "fic-a", "fic-b"]),
        text(&["app", "app", "worker", "Kube App"]),
        text(&["nginx:1.27", "", " nginx "]),
        proptest::sample::select(vec![WorkloadKind::Deployment, WorkloadKind::Pod]),
        proptest::collection::vec(grant(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(identity_name, namespace, service_account, federated_credential_name, app_name, image, kind, mut grants, repeat)| {
            // Sometimes repeat a grant, for the duplicate rule.
            if let (true, Some(g)) = (repeat, grants.first().cloned()) {
                grants.push(g);
            }
            Workload {
            identity_name,
            namespace,
            service_account,
            federated_credential_name,
            app_name,
            image,
            kind,
            grants,
        }})
}

prop_compose! {
    fn answers()(
        cloud in proptest::sample::select(vec![Cloud::AzureCloud, Cloud::AzureUSGovernment, Cloud::AzureChinaCloud]),
        tenant_id in guid(),
        subscription_id in guid(),
        location in text(&["westeurope", "usgovvirginia", "chinanorth3", "westeurpe", "West Europe", "newzealandnorth"]),
        groups in proptest::collection::vec(guid(), 0..3),
        azure_rbac in any::<bool>(),
        disable_local_accounts in any::<bool>(),
        mode in proptest::sample::select(vec![ClusterMode::New, ClusterMode::Existing]),
        existing in (any::<bool>(), any::<bool>(), any::<bool>()),
        resource_group in text(&["rg-aks", "rg.", "rg (1)"]),
        name in text(&["aks-demo", "aks demo", "-x"]),
        node_count in prop_oneof![0u32..4, 995u32..1005, any::<u32>()],
        kubernetes_version in text(&["", "1.33", "v1.33.2", "latest", " 1.33"]),
        tier in proptest::sample::select(vec![Tier::Free, Tier::Standard, Tier::Premium]),
        acr_name in text(&["", "acrdemo01", "acr-demo"]),
        acr_resource_group in text(&["", "rg-acr"]),
        workloads in proptest::collection::vec(workload(), 0..5),
    ) -> Answers {
        Answers {
            version: SCHEMA_VERSION,
            tenant: Tenant { cloud, tenant_id, subscription_id, location },
            admin: AdminAccess { admin_group_object_ids: groups, azure_rbac, disable_local_accounts },
            cluster: Cluster {
                mode,
                existing: ExistingFeatures { entra_id: existing.0, oidc_issuer: existing.1, workload_identity: existing.2 },
                resource_group,
                name,
                node_count,
                vm_size: String::new(),
                kubernetes_version,
                tier,
                acr_name,
                acr_resource_group,
            },
            workloads,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn findings_point_at_real_fields_and_fixes_remove_them(a in answers()) {
        let findings = validate::validate(&a);
        for f in &findings {
            prop_assert!(path::exists(&a, &f.field), "{} points at missing {}", f.id, f.field);
            prop_assert!(f.message.ends_with('.') || f.message.ends_with('?'), "{}: {}", f.id, f.message);
            prop_assert!(!f.why.is_empty());
            if let Some(fix) = &f.fix {
                let mut fixed = a.clone();
                prop_assert!(fix.try_apply(&mut fixed), "{} fix {:?} did not apply", f.id, fix.edit);
                let after = validate::validate(&fixed);
                prop_assert!(
                    !after.iter().any(|g| g.id == f.id && g.field == f.field),
                    "{} at {} survived its fix {:?}", f.id, f.field, fix.edit
                );
            }
        }
    }

    #[test]
    fn codecs_round_trip_exactly(a in answers()) {
        let yaml = to_yaml(&a);
        let back = from_yaml(&yaml);
        prop_assert_eq!(back.as_ref(), Ok(&a), "yaml:\n{}", yaml);
        prop_assert_eq!(&to_yaml(&a), &yaml);
        let link = to_share(&a);
        prop_assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        prop_assert_eq!(from_share(&link), Ok(a.clone()));
        prop_assert_eq!(restore(&link), Ok(a.clone()));
        prop_assert_eq!(restore(&yaml), Ok(a));
    }

    #[test]
    fn truncated_links_are_errors_not_panics(a in answers(), cut in 0.0f64..1.0) {
        let link = to_share(&a);
        let at = ((link.len() as f64) * cut) as usize;
        // A cut deflate stream is incomplete, so any cut is reported, never half-read.
        prop_assert!(from_share(&link[..at]).is_err());
    }

    #[test]
    fn arbitrary_text_never_panics_the_readers(s in any::<String>(), noisy in "[a-z: \\n-]{0,200}") {
        let _ = from_yaml(&s);
        let _ = from_yaml(&noisy);
        let _ = from_share(&s);
        let _ = from_share(&format!("z.{s}"));
        let _ = restore(&s);
    }

    #[test]
    fn mangled_yaml_is_an_error_or_valid_answers(a in answers(), at in any::<prop::sample::Index>(), junk in "[\\[\\]{}:#&*!|>'\"%@` -]{1,3}") {
        let yaml = to_yaml(&a);
        let mut cut = at.index(yaml.len());
        while !yaml.is_char_boundary(cut) {
            cut -= 1;
        }
        let mangled = format!("{}{}{}", &yaml[..cut], junk, &yaml[cut..]);
        if let Ok(b) = from_yaml(&mangled) {
            // Whatever parses is a full, well-typed value that validates without panicking.
            let _ = validate::validate(&b);
        }
    }
}
