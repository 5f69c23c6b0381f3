//! One shape of random `Answers` for the property tests: every field filled from the caller's text
//! strategy, so each suite chooses its alphabet (hostile shell text, YAML tokens) without repeating
//! the structure. Included by generate_props (through generate_support) and yaml_diff (by path).

use aks_identity_wizard::answers::*;
use proptest::prelude::*;

/// What varies between suites: the text of every string field, the role names, the node counts.
#[derive(Clone, Copy)]
pub struct Alphabet {
    pub text: fn() -> BoxedStrategy<String>,
    pub role: fn() -> BoxedStrategy<String>,
    pub node_count: fn() -> BoxedStrategy<u32>,
}

fn grant(abc: Alphabet) -> impl Strategy<Value = AccessGrant> {
    (
        prop::sample::select(TargetKind::ALL.to_vec()),
        ((abc.text)(), (abc.text)(), (abc.text)(), (abc.role)()),
        prop::sample::select(AccessNeed::ALL.to_vec()),
        prop::sample::select(vec![ScopeLevel::Resource, ScopeLevel::ResourceGroup, ScopeLevel::Subscription]),
    )
        .prop_map(|(target, (resource_name, resource_group, sub_resource, role), need, scope)| AccessGrant {
            target,
            resource_name,
            resource_group,
            sub_resource,
            need,
            role,
            scope,
        })
}

pub fn workload(abc: Alphabet) -> impl Strategy<Value = Workload> {
    let t = abc.text;
    (
        (t(), t(), t(), t(), t(), t()),
        prop::sample::select(vec![WorkloadKind::Deployment, WorkloadKind::Pod]),
        prop::collection::vec(grant(abc), 0..3),
    )
        .prop_map(|((identity_name, namespace, service_account, federated_credential_name, app_name, image), kind, grants)| {
            Workload { identity_name, namespace, service_account, federated_credential_name, app_name, image, kind, grants }
        })
}

/// A deploy pipeline (or none, half the time) whose every text field comes from the alphabet.
pub fn pipeline(abc: Alphabet) -> impl Strategy<Value = Option<Pipeline>> {
    prop_oneof![Just(None), some_pipeline(abc).prop_map(Some)]
}

/// A deploy pipeline whose every text field comes from the alphabet.
pub fn some_pipeline(abc: Alphabet) -> impl Strategy<Value = Pipeline> {
    let t = abc.text;
    (
        (t(), prop::sample::select(PipelineTrigger::ALL.to_vec()), t(), t()),
        (t(), t(), prop::collection::vec(t(), 0..3), any::<bool>(), (abc.role)()),
    )
        .prop_map(|((repository, trigger, ref_pattern, environment), (identity_name, federated_credential_name, namespaces, push_images, deploy_role))| {
            Pipeline { repository, trigger, ref_pattern, environment, identity_name, federated_credential_name, namespaces, push_images, deploy_role }
        })
}

pub fn answers(abc: Alphabet) -> impl Strategy<Value = Answers> {
    let t = abc.text;
    (
        (prop::sample::select(vec![Cloud::AzureCloud, Cloud::AzureUSGovernment, Cloud::AzureChinaCloud]), t(), t(), t()),
        (prop::collection::vec(t(), 0..3), any::<bool>(), any::<bool>()),
        (
            prop::sample::select(vec![ClusterMode::New, ClusterMode::Existing]),
            any::<(bool, bool, bool)>(),
            (t(), t(), (abc.node_count)(), t(), t()),
            prop::sample::select(vec![Tier::Free, Tier::Standard, Tier::Premium]),
            (t(), t()),
        ),
        prop::collection::vec(workload(abc), 0..3),
        pipeline(abc),
        workshop(abc),
    )
        .prop_map(|(tenant, admin, cluster, workloads, pipeline, workshop)| {
            let (cloud, tenant_id, subscription_id, location) = tenant;
            let (admin_group_object_ids, azure_rbac, disable_local_accounts) = admin;
            let (
                mode,
                (entra_id, oidc_issuer, workload_identity),
                (resource_group, name, node_count, vm_size, kubernetes_version),
                tier,
                (acr_name, acr_resource_group),
            ) = cluster;
            Answers {
                version: SCHEMA_VERSION,
                tenant: Tenant { cloud, tenant_id, subscription_id, location },
                admin: AdminAccess { admin_group_object_ids, azure_rbac, disable_local_accounts },
                cluster: Cluster {
                    mode,
                    existing: ExistingFeatures { entra_id, oidc_issuer, workload_identity },
                    resource_group,
                    name,
                    node_count,
                    vm_size,
                    kubernetes_version,
                    tier,
                    acr_name,
                    acr_resource_group,
                },
                workloads,
                pipeline,
                workshop,
                outputs: Outputs::ALL,
            }
        })
}

/// A workshop a third of the time: a few participants (each multiplies the workloads), a name pattern
/// from the alphabet with or without the number, people and a role from the alphabet.
pub fn workshop(abc: Alphabet) -> impl Strategy<Value = Option<Workshop>> {
    let t = abc.text;
    let some = (0u32..5, (t(), any::<bool>()), prop::collection::vec(t(), 0..3), (abc.role)()).prop_map(
        |(participants, (pattern, numbered), people, participant_role)| {
            let mut ws = Workshop::example(participants);
            ws.name_pattern = if numbered { format!("{pattern}{{n}}") } else { pattern };
            ws.people = people;
            ws.participant_role = participant_role;
            ws
        },
    );
    prop_oneof![2 => Just(None), 1 => some.prop_map(Some)]
}
