//! The setup steps as typed values, built once from the answers and rendered three ways: setup.sh,
//! setup.ps1 and the README walkthrough. Keeping one list means the scripts and the explanation can
//! never disagree about what runs, in which order, with which arguments.
//!
//! User values only ever live in [`Var`] values (rendered through the quoting functions) or in
//! [`Arg::Lit`] (likewise quoted). Step titles and explanations are constant text written here.

use super::k8s::CLIENT_ID_ANNOTATION;
use super::layout::Layout;
use crate::answers::{
    AccessGrant, AccessNeed, Answers, ClusterMode, ScopeLevel, TargetKind, Tier, Workload,
};
use crate::catalog::{self, AssignmentMethod};

/// One command-line argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Literal text (a flag, a GUID from the catalog, a query): quoted when rendered.
    Lit(String),
    /// The value of a script variable, by name.
    Var(String),
    /// Pieces joined into one argument, e.g. `key=` followed by a variable.
    Cat(Vec<Arg>),
}

pub fn lit(s: &str) -> Arg {
    Arg::Lit(s.to_string())
}

pub fn var(name: &str) -> Arg {
    Arg::Var(name.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmd {
    /// `az`, `kubectl` or `kubelogin`.
    pub tool: &'static str,
    pub args: Vec<Arg>,
}

impl Cmd {
    pub fn new(tool: &'static str, words: &[&str]) -> Cmd {
        Cmd {
            tool,
            args: words.iter().map(|w| lit(w)).collect(),
        }
    }

    pub fn arg(mut self, a: Arg) -> Cmd {
        self.args.push(a);
        self
    }

    pub fn flag(mut self, name: &str) -> Cmd {
        self.args.push(lit(name));
        self
    }

    pub fn opt(mut self, name: &str, value: Arg) -> Cmd {
        self.args.push(lit(name));
        self.args.push(value);
        self
    }

    /// Indices of the arguments split into readable lines: the leading sub-command words, then each
    /// option with the value that follows it, then any other argument on its own.
    pub fn groups(&self) -> Vec<std::ops::Range<usize>> {
        let is_opt = |a: &Arg| matches!(a, Arg::Lit(s) if s.len() > 1 && s.starts_with('-'));
        let mut groups = Vec::new();
        let mut start = 0;
        let mut seen_option = false;
        for (k, a) in self.args.iter().enumerate() {
            let open_option = k > start && k - start == 1 && is_opt(&self.args[start]);
            if is_opt(a) {
                if k > start {
                    groups.push(start..k);
                }
                start = k;
                seen_option = true;
            } else if open_option {
                groups.push(start..k + 1);
                start = k + 1;
            } else if seen_option {
                if k > start {
                    groups.push(start..k);
                }
                start = k;
            }
        }
        if start < self.args.len() {
            groups.push(start..self.args.len());
        }
        groups
    }
}

/// What a captured value must look like before the script trusts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Guid,
    HttpsUrl,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Run(Cmd),
    /// Run, and keep the (single-line) output in a variable after checking its shape.
    Capture {
        var: String,
        cmd: Cmd,
        expect: Expect,
    },
    /// The first command's output is the second command's input.
    Pipe(Cmd, Cmd),
    /// Print one line: the pieces joined.
    Say(Vec<Arg>),
    /// A comment for the reader of the script (constant text or catalog names only).
    Note(String),
    /// Runs `show` (an `az ... show --output none`) and, when az answers that the resource does not
    /// exist (exit code 3, azure-cli's code for ResourceNotFound: azure/cli/core/util.py
    /// handle_exception), the actions in `then`. Any other failure stops the script with az's message.
    IfMissing { show: Cmd, then: Vec<Action> },
    /// Stops the script with this message.
    Fail(String),
    /// Runs `cmd`, which prints one row of words, and keeps word `k` in `vars[k]` (unless that name
    /// is empty: a word nothing reads).
    ReadWords { vars: Vec<String>, cmd: Cmd },
    /// Runs `cmd` with the flags of every chain's first toggle whose condition holds, and does not
    /// run it at all when none holds (printing `unchanged`): a second run sends nothing, and the CLI
    /// is never asked for a change it refuses to repeat.
    UpdateIfNeeded {
        cmd: Cmd,
        chains: Vec<Vec<Toggle>>,
        unchanged: String,
    },
    /// In the YAML file named by variable `file`, every line `KEY: ...` gets the value of variable
    /// `value` (a GUID the script has checked) instead, single-quoted; the rest of the file stays as
    /// it is. Stops the script when no line has the key.
    SetYamlValue { file: String, key: &'static str, value: String },
}

/// A condition on values the script read at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    /// The variable is not `true`.
    NotTrue(String),
    /// The two variables differ, letter case aside.
    Differs(String, String),
    Any(Vec<Cond>),
}

impl Cond {
    /// Whether the condition looks at the variable `name`.
    pub fn reads(&self, name: &str) -> bool {
        match self {
            Cond::NotTrue(v) => v == name,
            Cond::Differs(x, y) => x == name || y == name,
            Cond::Any(all) => all.iter().any(|c| c.reads(name)),
        }
    }
}

/// Flags an update sends only when `when` holds, with a line to print when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toggle {
    pub when: Cond,
    pub args: Vec<Arg>,
    pub say: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Short heading (constant text).
    pub title: String,
    /// Why the step exists, in plain words (constant text, one sentence per entry).
    pub why: Vec<String>,
    pub actions: Vec<Action>,
}

/// A named value at the top of the scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub vars: Vec<Var>,
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn value_of(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.value.as_str())
    }
}

/// The audience every federated credential for AKS uses (the CLI default, spelled out so the
/// credential does not depend on a default).
pub const AUDIENCE: &str = catalog::FEDERATED_CREDENTIAL_AUDIENCE;

/// `system:serviceaccount:<namespace>:<name>`: the `sub` claim of the ServiceAccount's tokens, which the
/// federated credential must match exactly.
pub fn subject(w: &Workload) -> String {
    format!(
        "system:serviceaccount:{}:{}",
        w.namespace, w.service_account
    )
}

fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Free => "free",
        Tier::Standard => "standard",
        Tier::Premium => "premium",
    }
}

/// Script variable names for workload `i` (0-based) and its grant `j`.
pub fn wv(i: usize, what: &str) -> String {
    format!("W{}_{what}", i + 1)
}

pub fn gv(i: usize, j: usize, what: &str) -> String {
    format!("W{}_G{}_{what}", i + 1, j + 1)
}

/// The role argument of an Azure RBAC or Cosmos grant: the catalog's GUID (unambiguous in every tenant
/// and language), or the name as given when the catalog does not know it.
pub fn role_id(g: &AccessGrant) -> String {
    role_arg(&g.role)
}

/// A role's `--role` argument: its GUID from the catalog, or the name when the catalog lacks it.
pub fn role_arg(name: &str) -> String {
    match catalog::role_by_name(name) {
        Some(r) if !r.guid.is_empty() => r.guid.to_string(),
        _ => name.to_string(),
    }
}

/// The cluster's resource ID: the scope of the pipeline's right to fetch credentials, and the parent
/// of its namespace scopes (`<cluster ID>/namespaces/<namespace>`, entra-id-authorization.md) [DOC].
pub fn cluster_id(a: &Answers) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerService/managedClusters/{}",
        a.tenant.subscription_id, a.cluster.resource_group, a.cluster.name
    )
}

/// The ClusterRole the pipeline's RoleBindings name: its deploy role's Kubernetes counterpart. The
/// validator refuses every other deploy role; unchecked answers get `edit`, the default's.
pub fn pipeline_cluster_role(p: &crate::answers::Pipeline) -> &'static str {
    catalog::cluster_role_for(&p.deploy_role).unwrap_or("edit")
}

/// Script variable names for the pipeline's namespace `k` (0-based).
pub fn pv(k: usize, what: &str) -> String {
    format!("PIPELINE_NS{}_{what}", k + 1)
}

/// One Azure role assignment the pipeline holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineAssignment {
    /// What it is for, in words that fit "the pipeline's ... assignment" (constant text or catalog names).
    pub purpose: String,
    /// The role's name (the catalog's, except a deploy role the validator refuses).
    pub role: String,
    pub scope: Arg,
}

/// Script variable names for workshop participant `k` (0-based).
pub fn participant_var(k: usize, what: &str) -> String {
    format!("P{}_{what}", k + 1)
}

/// How a workshop participant is named to `az role assignment`: their object ID as given, or the one
/// setup looks up for their sign-in name.
pub fn participant_principal(a: &Answers, k: usize) -> Option<String> {
    let person = a.workshop.as_ref()?.person(k)?;
    Some(participant_var(k, if catalog::names::is_guid(person) { "PERSON" } else { "OBJECT_ID" }))
}

/// `az ad user show` for participant `k`'s sign-in name, printing their object ID.
pub fn participant_lookup(k: usize) -> Cmd {
    Cmd::new("az", &["ad", "user", "show"])
        .opt("--id", var(&participant_var(k, "PERSON")))
        .opt("--query", lit("id"))
        .opt("--output", lit("tsv"))
}

/// One Azure role assignment of a workshop participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantAssignment {
    pub participant: usize,
    /// What it is for, in words that fit "participant N's ... assignment" (constant text).
    pub purpose: String,
    pub role: String,
    pub scope: Arg,
}

/// Every workshop participant's Azure role assignments, participant by participant, for those the
/// answers name a person for: the cluster user role on the cluster (to fetch a kubeconfig) and their
/// role on each of their namespaces. Setup, verify and teardown all walk this one list.
pub fn participant_assignments(a: &Answers) -> Vec<ParticipantAssignment> {
    let Some(ws) = &a.workshop else { return Vec::new() };
    let mut out = Vec::new();
    for k in 0..ws.names().len() {
        if ws.person(k).is_none() {
            continue;
        }
        out.push(ParticipantAssignment {
            participant: k,
            purpose: "fetch the cluster's credentials".into(),
            role: catalog::CLUSTER_USER_ROLE.into(),
            scope: var("CLUSTER_ID"),
        });
        for m in 0..crate::answers::workshop::namespaces_of(a, k).len() {
            out.push(ParticipantAssignment {
                participant: k,
                purpose: format!("work in namespace {}", m + 1),
                role: ws.participant_role.clone(),
                scope: Arg::Cat(vec![var("CLUSTER_ID"), lit("/namespaces/"), var(&participant_var(k, &format!("NS{}", m + 1)))]),
            });
        }
    }
    out
}

/// Every Azure role assignment of the pipeline, in the order setup creates them: the cluster user role
/// on the cluster (to fetch credentials), the deploy role on each namespace with Azure RBAC for
/// Kubernetes, and AcrPush on the registry when it pushes images. Setup, verify and teardown all walk
/// this one list.
pub fn pipeline_assignments(a: &Answers) -> Vec<PipelineAssignment> {
    let Some(p) = &a.pipeline else { return Vec::new() };
    let mut out = vec![PipelineAssignment {
        purpose: "fetch the cluster's credentials".into(),
        role: catalog::CLUSTER_USER_ROLE.into(),
        scope: var("CLUSTER_ID"),
    }];
    if a.admin.azure_rbac {
        for k in 0..p.namespaces.len() {
            out.push(PipelineAssignment {
                purpose: format!("deploy into namespace {}", k + 1),
                role: p.deploy_role.clone(),
                scope: Arg::Cat(vec![var("CLUSTER_ID"), lit("/namespaces/"), var(&pv(k, "NAME"))]),
            });
        }
    }
    if p.push_images && !a.cluster.acr_name.is_empty() {
        out.push(PipelineAssignment {
            purpose: "push images".into(),
            role: catalog::IMAGE_PUSH_ROLE.into(),
            scope: var("ACR_ID"),
        });
    }
    out
}

/// The fixed database roles an Azure SQL grant adds the identity to. Writing needs reading too.
pub fn sql_roles(g: &AccessGrant) -> Vec<String> {
    match g.role.as_str() {
        "db_datawriter" => vec!["db_datareader".into(), "db_datawriter".into()],
        "" => vec!["db_datareader".into()],
        r => vec![r.to_string()],
    }
}

/// The registry's resource ID, for `--attach-acr` (exact even when the registry is in another resource
/// group). The catalog builds resource IDs; the registry is described to it as a grant would be.
pub fn acr_id(a: &Answers) -> String {
    let registry = AccessGrant {
        target: TargetKind::ContainerRegistry,
        resource_name: a.cluster.acr_name.clone(),
        resource_group: a.cluster.acr_resource_group.clone(),
        sub_resource: String::new(),
        need: AccessNeed::Read,
        role: catalog::CLUSTER_ACR_ROLE.to_string(),
        scope: ScopeLevel::Resource,
    };
    catalog::resource_id(a, &registry)
}

/// The T-SQL that gives the identity access to an Azure SQL database: there is no Azure role for it.
pub fn sql_statements(identity: &str, g: &AccessGrant) -> Vec<String> {
    let user = super::quote::tsql_ident(identity);
    let mut lines = vec![format!("CREATE USER {user} FROM EXTERNAL PROVIDER;")];
    for role in sql_roles(g) {
        lines.push(format!(
            "ALTER ROLE {} ADD MEMBER {user};",
            super::quote::tsql_ident(&role)
        ));
    }
    lines
}

/// Every value the scripts need, named, in the order a reader meets them.
pub fn vars(a: &Answers, layout: &Layout) -> Vec<Var> {
    let mut v = Vec::new();
    let mut put = |name: String, value: &str| {
        v.push(Var {
            name,
            value: value.to_string(),
        })
    };
    put(
        "AZURE_CLOUD".into(),
        catalog::cloud_cli_name(a.tenant.cloud),
    );
    put(
        "AUTHORITY_HOST".into(),
        catalog::authority_host(a.tenant.cloud),
    );
    put("TENANT_ID".into(), &a.tenant.tenant_id);
    put("SUBSCRIPTION_ID".into(), &a.tenant.subscription_id);
    put("LOCATION".into(), &a.tenant.location);
    put("RESOURCE_GROUP".into(), &a.cluster.resource_group);
    put("CLUSTER_NAME".into(), &a.cluster.name);
    put(
        "ADMIN_GROUP_IDS".into(),
        &a.admin.admin_group_object_ids.join(","),
    );
    put("ADMIN_GROUPS_JSON".into(), &admin_groups_json(a));
    if !a.cluster.acr_name.is_empty() {
        put("ACR_ID".into(), &acr_id(a));
    }
    for (k, ns) in layout.namespaces.iter().enumerate() {
        put(format!("NS{}_MANIFEST", k + 1), &ns.path);
    }
    if a.pipeline.is_some() || a.workshop.is_some() {
        put("CLUSTER_ID".into(), &cluster_id(a));
    }
    if let Some(ws) = &a.workshop {
        for (k, name) in ws.names().iter().enumerate() {
            put(participant_var(k, "NAME"), name);
            if let Some(person) = ws.person(k) {
                put(participant_var(k, "PERSON"), person);
            }
            for (m, ns) in crate::answers::workshop::namespaces_of(a, k).iter().enumerate() {
                put(participant_var(k, &format!("NS{}", m + 1)), ns);
            }
        }
    }
    if let Some(p) = &a.pipeline {
        put("PIPELINE_IDENTITY".into(), &p.identity_name);
        put("PIPELINE_FIC_NAME".into(), &p.federated_credential_name);
        put("GITHUB_ISSUER".into(), catalog::GITHUB_ISSUER);
        put("PIPELINE_SUBJECT".into(), &catalog::github_subject(p));
        put("PIPELINE_REPOSITORY".into(), &p.repository);
        put("PIPELINE_WORKFLOW".into(), super::layout::WORKFLOW_YML);
        for (k, ns) in p.namespaces.iter().enumerate() {
            put(pv(k, "NAME"), ns);
        }
        for (k, rb) in layout.pipeline_role_bindings.iter().enumerate() {
            put(pv(k, "ROLE_BINDING"), &rb.path);
        }
    }
    for (i, w) in a.workloads.iter().enumerate() {
        let paths = &layout.workloads[i];
        put(wv(i, "IDENTITY"), &w.identity_name);
        put(wv(i, "NAMESPACE"), &w.namespace);
        put(wv(i, "SERVICE_ACCOUNT"), &w.service_account);
        put(wv(i, "APP"), &w.app_name);
        put(wv(i, "FIC_NAME"), &w.federated_credential_name);
        put(wv(i, "SUBJECT"), &subject(w));
        put(wv(i, "SA_MANIFEST"), &paths.service_account);
        put(wv(i, "APP_MANIFEST"), &paths.workload);
        put(wv(i, "CHECK_MANIFEST"), &paths.identity_check);
        put(wv(i, "CHECK_POD"), &super::k8s::identity_check_pod_name(i));
        for (j, g) in w.grants.iter().enumerate() {
            match catalog::target(g.target).method {
                AssignmentMethod::AzureRbac => put(gv(i, j, "SCOPE"), &catalog::scope(a, g)),
                AssignmentMethod::CosmosSql => {
                    put(gv(i, j, "ACCOUNT"), &g.resource_name);
                    put(
                        gv(i, j, "RESOURCE_GROUP"),
                        catalog::grant_resource_group(a, g),
                    );
                    put(gv(i, j, "SCOPE"), &catalog::scope(a, g));
                }
                AssignmentMethod::SqlTsql => {}
            }
        }
    }
    v
}

/// The whole setup, in order.
pub fn setup(a: &Answers, layout: &Layout) -> Plan {
    let sub = || var("SUBSCRIPTION_ID");
    let rg = || var("RESOURCE_GROUP");
    let cluster = || var("CLUSTER_NAME");
    let mut steps = Vec::new();

    steps.push(Step {
        title: "Sign in to the right cloud and subscription".into(),
        why: vec![
            "The Azure CLI talks to one cloud at a time; national clouds (US Government, China) have their own endpoints and sign-ins.".into(),
            "Every command names the subscription explicitly, so the script never acts on whichever subscription happens to be the default.".into(),
        ],
        actions: vec![
            Action::Run(Cmd::new("az", &["cloud", "set"]).opt("--name", var("AZURE_CLOUD"))),
            Action::Run(Cmd::new("az", &["account", "show"]).opt("--subscription", sub()).opt("--output", lit("none"))),
        ],
    });

    let find_cluster = Cmd::new("az", &["aks", "show"])
        .opt("--resource-group", rg())
        .opt("--name", cluster())
        .opt("--subscription", sub())
        .opt("--output", lit("none"));
    match a.cluster.mode {
        ClusterMode::New => {
            steps.push(Step {
                title: "Create the resource group".into(),
                why: vec!["The cluster and the workload identities live in this resource group; creating it again is harmless.".into()],
                actions: vec![Action::Run(
                    Cmd::new("az", &["group", "create"])
                        .opt("--name", rg())
                        .opt("--location", var("LOCATION"))
                        .opt("--subscription", sub()),
                )],
            });
            let mut create = Cmd::new("az", &["aks", "create"])
                .opt("--resource-group", rg())
                .opt("--name", cluster())
                .opt("--location", var("LOCATION"))
                .opt("--subscription", sub())
                .opt("--node-count", lit(&a.cluster.node_count.to_string()))
                .opt("--tier", lit(tier_name(a.cluster.tier)));
            if !a.cluster.vm_size.is_empty() {
                create = create.opt("--node-vm-size", lit(&a.cluster.vm_size));
            }
            if !a.cluster.kubernetes_version.is_empty() {
                create = create.opt("--kubernetes-version", lit(&a.cluster.kubernetes_version));
            }
            create = entra_flags(create.flag("--enable-aad"), a);
            if a.admin.azure_rbac {
                create = create.flag("--enable-azure-rbac");
            }
            if a.admin.disable_local_accounts {
                create = create.flag("--disable-local-accounts");
            }
            create = create
                .flag("--enable-oidc-issuer")
                .flag("--enable-workload-identity")
                .flag("--no-ssh-key");
            let mut why = vec![
                "Managed Entra ID makes people sign in with their own Entra accounts; members of the admin groups become cluster admins.".into(),
                "The OIDC issuer publishes the keys Entra ID uses to check the cluster's ServiceAccount tokens, and the workload identity webhook hands those tokens to labelled pods; the CLI only accepts the second together with the first.".into(),
            ];
            if a.admin.azure_rbac {
                why.push(
                    "Azure RBAC lets you grant Kubernetes permissions as Azure role assignments."
                        .into(),
                );
            }
            if a.admin.disable_local_accounts {
                why.push("With local accounts off, nobody can fetch the static admin kubeconfig that bypasses Entra ID.".into());
            }
            why.push("No SSH key is put on the nodes: nothing here needs one, and it is one less secret to look after.".into());
            why.push("The CLI refuses to create a cluster that already exists, so a second run skips this and the next step checks the settings instead.".into());
            steps.push(Step {
                title: "Create the AKS cluster".into(),
                why,
                actions: vec![Action::IfMissing {
                    show: find_cluster,
                    then: vec![Action::Run(create)],
                }],
            });
        }
        ClusterMode::Existing => {
            steps.push(Step {
                title: "Find the existing cluster".into(),
                why: vec!["Nothing else runs if the cluster is not where the answers say, so a typo cannot create identities for a cluster that is not there.".into()],
                actions: vec![Action::IfMissing {
                    show: find_cluster,
                    then: vec![Action::Fail("no AKS cluster of that name in that resource group and subscription: check the cluster's name and resource group in the wizard, or choose to create a new cluster".into())],
                }],
            });
        }
    }
    steps.push(cluster_settings_step(a));
    if !a.cluster.acr_name.is_empty() {
        steps.push(Step {
            title: "Let the cluster pull from your registry".into(),
            why: vec![
                "This gives the nodes' own (kubelet) identity AcrPull on the registry, so images pull without secrets.".into(),
                "When the role is already there, the CLI leaves it as it is.".into(),
            ],
            actions: vec![Action::Run(
                Cmd::new("az", &["aks", "update"])
                    .opt("--resource-group", rg())
                    .opt("--name", cluster())
                    .opt("--subscription", sub())
                    .opt("--attach-acr", var("ACR_ID")),
            )],
        });
    }

    steps.push(Step {
        title: "Read the cluster's OIDC issuer URL".into(),
        why: vec![
            "Federated credentials must name this issuer exactly as Azure reports it, trailing slash included; a mismatch is the classic AADSTS70021 error.".into(),
        ],
        actions: vec![Action::Capture {
            var: "ISSUER_URL".into(),
            cmd: Cmd::new("az", &["aks", "show"])
                .opt("--resource-group", rg())
                .opt("--name", cluster())
                .opt("--subscription", sub())
                .opt("--query", lit("oidcIssuerProfile.issuerUrl"))
                .opt("--output", lit("tsv")),
            expect: Expect::HttpsUrl,
        }],
    });

    for (i, w) in a.workloads.iter().enumerate() {
        steps.extend(workload_azure_steps(a, i, w));
    }
    if a.pipeline.is_some() {
        steps.extend(pipeline_azure_steps(a));
    }
    if a.workshop.is_some() {
        steps.push(participant_step(a));
    }

    steps.push(Step {
        title: "Connect kubectl to the cluster".into(),
        why: vec![
            "get-credentials writes a kubeconfig entry that signs you in through Entra ID, not with a static admin certificate.".into(),
            "kubelogin then reuses your Azure CLI sign-in, so kubectl works without a browser prompt; it converts only this cluster's entry and leaves your other contexts alone.".into(),
        ],
        actions: vec![
            Action::Run(
                Cmd::new("az", &["aks", "get-credentials"])
                    .opt("--resource-group", rg())
                    .opt("--name", cluster())
                    .opt("--subscription", sub())
                    .flag("--overwrite-existing"),
            ),
            Action::Run(
                Cmd::new("kubelogin", &["convert-kubeconfig"])
                    .opt("-l", lit("azurecli"))
                    .opt("--context", cluster()),
            ),
        ],
    });

    if !layout.namespaces.is_empty() {
        steps.push(Step {
            title: "Create the namespaces".into(),
            why: vec!["The ServiceAccounts and workloads go into these namespaces; applying an existing one changes nothing.".into()],
            actions: (0..layout.namespaces.len())
                .map(|k| Action::Run(kubectl_apply(var(&format!("NS{}_MANIFEST", k + 1)))))
                .collect(),
        });
    }

    for (i, _) in a.workloads.iter().enumerate() {
        steps.push(Step {
            title: format!("Workload {}: ServiceAccount and app", i + 1),
            why: vec![
                "The ServiceAccount's client-id annotation tells the webhook which identity its pods use; it is filled in here from the identity just created, by kubectl, without editing any text.".into(),
                "The app is applied after its ServiceAccount, because the webhook reads the annotation only when a pod is created.".into(),
            ],
            actions: vec![
                Action::Pipe(
                    Cmd::new("kubectl", &["annotate", "--local"])
                        .opt("-f", var(&wv(i, "SA_MANIFEST")))
                        .flag("--overwrite")
                        .opt("--output", lit("yaml"))
                        .arg(Arg::Cat(vec![lit(&format!("{CLIENT_ID_ANNOTATION}=")), var(&wv(i, "CLIENT_ID"))])),
                    kubectl_apply(lit("-")),
                ),
                Action::Run(kubectl_apply(var(&wv(i, "APP_MANIFEST")))),
            ],
        });
    }

    if let Some(p) = &a.pipeline {
        if !layout.pipeline_role_bindings.is_empty() {
            let role = pipeline_cluster_role(p);
            steps.push(Step {
                title: "Deploy pipeline: let it deploy into its namespaces".into(),
                why: vec![
                    format!("Without Azure RBAC for Kubernetes, rights inside the cluster are Kubernetes RoleBindings: each binds the ClusterRole {role} in one namespace only."),
                    "Entra ID identities reach Kubernetes as the user named by their object (principal) ID, so that ID is added as the binding's subject here, by kubectl, without editing any text.".into(),
                ],
                actions: (0..layout.pipeline_role_bindings.len())
                    .map(|k| {
                        Action::Pipe(
                            Cmd::new("kubectl", &["set", "subject", "--local"])
                                .opt("-f", var(&pv(k, "ROLE_BINDING")))
                                .opt("--user", var("PIPELINE_PRINCIPAL_ID"))
                                .opt("--output", lit("yaml")),
                            kubectl_apply(lit("-")),
                        )
                    })
                    .collect(),
            });
        }
        steps.push(Step {
            title: "Deploy pipeline: give the workflow its client ID".into(),
            why: vec![
                "The workflow signs in with the identity's client ID, the tenant ID and the subscription ID, none of which is a secret: GitHub's token for the job is the only proof it shows.".into(),
                "The client ID only exists now, so the script writes it into the workflow file, which then needs nothing configured in GitHub beside it.".into(),
            ],
            actions: vec![
                Action::SetYamlValue {
                    file: "PIPELINE_WORKFLOW".into(),
                    key: super::workflow::CLIENT_ID_KEY,
                    value: "PIPELINE_CLIENT_ID".into(),
                },
                Action::Say(vec![
                    lit("The workflow "),
                    var("PIPELINE_WORKFLOW"),
                    lit(" now names the pipeline's client ID. Commit it, with the k8s/ folder, to the repository "),
                    var("PIPELINE_REPOSITORY"),
                    lit("."),
                ]),
            ],
        });
    }

    steps.push(Step {
        title: "Done".into(),
        why: vec!["New role assignments can take up to 10 minutes to apply, and new federated credentials a few minutes; run verify.sh after that.".into()],
        actions: vec![Action::Say(vec![lit("Setup finished. Wait a few minutes for role assignments to apply, then run ./verify.sh.")])],
    });

    Plan {
        vars: vars(a, layout),
        steps,
    }
}

/// What setup reads from the cluster before changing it: each variable's value as az prints
/// `to_string` of the property (`true`, `false`, `null`, a string, or a list as compact JSON).
pub const CLUSTER_STATE: [(&str, &str); 7] = [
    ("HAS_ENTRA_ID", "aadProfile.managed"),
    ("HAS_AZURE_RBAC", "aadProfile.enableAzureRbac"),
    ("LOCAL_ACCOUNTS_OFF", "disableLocalAccounts"),
    ("HAS_OIDC_ISSUER", "oidcIssuerProfile.enabled"),
    ("HAS_WORKLOAD_IDENTITY", "securityProfile.workloadIdentity.enabled"),
    ("CLUSTER_TENANT_ID", "aadProfile.tenantId"),
    ("CLUSTER_ADMIN_GROUPS", "aadProfile.adminGroupObjectIDs"),
];

/// The admin groups as `to_string` prints the cluster's list, to compare with what it reports.
pub fn admin_groups_json(a: &Answers) -> String {
    let quoted: Vec<String> = a
        .admin
        .admin_group_object_ids
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect();
    format!("[{}]", quoted.join(","))
}

/// Reads the cluster's settings and sends `az aks update` only the flags for what it lacks. One step
/// for a new cluster (on a second run) and an existing one: the answers' record of an existing
/// cluster may be out of date, the cluster itself is not.
fn cluster_settings_step(a: &Answers) -> Step {
    let state_query = format!(
        "[[{}]]",
        CLUSTER_STATE
            .iter()
            .map(|(_, property)| format!("to_string({property})"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let read = Cmd::new("az", &["aks", "show"])
        .opt("--resource-group", var("RESOURCE_GROUP"))
        .opt("--name", var("CLUSTER_NAME"))
        .opt("--subscription", var("SUBSCRIPTION_ID"))
        .opt("--query", lit(&state_query))
        .opt("--output", lit("tsv"));
    let toggle = |when: Cond, args: Vec<Arg>, say: Option<&str>| Toggle {
        when,
        args,
        say: say.map(str::to_string),
    };
    let not_true = |name: &str| Cond::NotTrue(name.to_string());
    let entra_args = entra_flags(Cmd::new("az", &[]), a).args;
    let mut entra = vec![toggle(
        not_true("HAS_ENTRA_ID"),
        [vec![lit("--enable-aad")], entra_args.clone()].concat(),
        Some("Turning on managed Entra ID (it cannot be turned off again)."),
    )];
    let mut differs = Vec::new();
    if !a.admin.admin_group_object_ids.is_empty() {
        differs.push(Cond::Differs("CLUSTER_ADMIN_GROUPS".into(), "ADMIN_GROUPS_JSON".into()));
    }
    if !a.tenant.tenant_id.is_empty() {
        differs.push(Cond::Differs("CLUSTER_TENANT_ID".into(), "TENANT_ID".into()));
    }
    if !differs.is_empty() {
        entra.push(toggle(
            Cond::Any(differs),
            entra_args,
            Some("Setting the cluster's admin groups to the ones in your answers (this replaces the list)."),
        ));
    }
    let mut chains = vec![entra];
    if a.admin.azure_rbac {
        chains.push(vec![toggle(not_true("HAS_AZURE_RBAC"), vec![lit("--enable-azure-rbac")], None)]);
    }
    if a.admin.disable_local_accounts {
        chains.push(vec![toggle(
            not_true("LOCAL_ACCOUNTS_OFF"),
            vec![lit("--disable-local-accounts")],
            Some("Turning off local accounts: rotate the cluster certificates afterwards (az aks rotate-certs) so old admin kubeconfigs stop working."),
        )]);
    }
    chains.push(vec![toggle(
        not_true("HAS_OIDC_ISSUER"),
        vec![lit("--enable-oidc-issuer")],
        Some("Turning on the OIDC issuer: the API server restarts briefly, and the issuer cannot be turned off again."),
    )]);
    chains.push(vec![toggle(not_true("HAS_WORKLOAD_IDENTITY"), vec![lit("--enable-workload-identity")], None)]);
    let mut why = vec![
        "The script reads the cluster's current settings and sends only the flags for what it still lacks, so running it again changes nothing (and the CLI refuses --enable-aad on a cluster that already has managed Entra ID).".into(),
        "Workload identity needs the OIDC issuer. Switching the issuer on restarts the API server briefly, and it cannot be switched off again; the script says so when it does.".into(),
    ];
    if !a.admin.admin_group_object_ids.is_empty() {
        why.push("The admin groups are set as a whole list: groups the cluster has that are not in your answers lose cluster-admin.".into());
    }
    // Only what a condition reads gets a name (an unread variable is noise to shellcheck).
    let state_names = CLUSTER_STATE
        .iter()
        .map(|(name, _)| {
            if chains.iter().flatten().any(|t| t.when.reads(name)) {
                name.to_string()
            } else {
                String::new()
            }
        })
        .collect();
    Step {
        title: "Bring the cluster's settings up to date".into(),
        why,
        actions: vec![
            Action::ReadWords {
                vars: state_names,
                cmd: read,
            },
            Action::UpdateIfNeeded {
                cmd: Cmd::new("az", &["aks", "update"])
                    .opt("--resource-group", var("RESOURCE_GROUP"))
                    .opt("--name", var("CLUSTER_NAME"))
                    .opt("--subscription", var("SUBSCRIPTION_ID")),
                chains,
                unchanged: "The cluster already has every setting these answers need.".into(),
            },
        ],
    }
}

/// `--aad-admin-group-object-ids` and `--aad-tenant-id`, when set.
fn entra_flags(mut c: Cmd, a: &Answers) -> Cmd {
    if !a.admin.admin_group_object_ids.is_empty() {
        c = c.opt("--aad-admin-group-object-ids", var("ADMIN_GROUP_IDS"));
    }
    if !a.tenant.tenant_id.is_empty() {
        c = c.opt("--aad-tenant-id", var("TENANT_ID"));
    }
    c
}

/// `az` with its sub-command words.
pub fn az(words: &[&str]) -> Cmd {
    Cmd::new("az", words)
}

/// `kubectl` pinned to the cluster's context: verify.sh and teardown.sh may run long after setup,
/// when the current context is another cluster.
pub fn kubectl_on_cluster(words: &[&str]) -> Cmd {
    Cmd::new("kubectl", words).opt("--context", var("CLUSTER_NAME"))
}

/// One property of workload `i`'s managed identity (`clientId`, `principalId`), as plain text.
pub fn identity_show(i: usize, query: &str) -> Cmd {
    identity_show_of(&wv(i, "IDENTITY"), query)
}

/// [`identity_show`] for the identity named by the variable `identity`.
pub fn identity_show_of(identity: &str, query: &str) -> Cmd {
    az(&["identity", "show"])
        .opt("--resource-group", var("RESOURCE_GROUP"))
        .opt("--name", var(identity))
        .opt("--subscription", var("SUBSCRIPTION_ID"))
        .opt("--query", lit(query))
        .opt("--output", lit("tsv"))
}

/// The Azure role assignments at grant `j` of workload `i`'s scope, one per line, tab-separated:
/// principal ID, role definition ID, role name, then `last` (such as `id` or `scope`). verify.sh and
/// teardown.sh read these columns.
pub fn rbac_assignment_list(i: usize, j: usize, last: &str) -> Cmd {
    rbac_assignment_list_at(var(&gv(i, j, "SCOPE")), last)
}

/// [`rbac_assignment_list`] at any scope.
pub fn rbac_assignment_list_at(scope: Arg, last: &str) -> Cmd {
    az(&["role", "assignment", "list"])
        .opt("--scope", scope)
        .opt("--subscription", var("SUBSCRIPTION_ID"))
        .opt("--query", lit(&format!("[].[principalId, roleDefinitionId, roleDefinitionName, {last}]")))
        .opt("--output", lit("tsv"))
}

/// The Cosmos DB data-plane assignments in grant `j` of workload `i`'s account, in the columns of
/// [`rbac_assignment_list`]; such an assignment has no role name, so its role ID stands there again.
pub fn cosmos_assignment_list(i: usize, j: usize, last: &str) -> Cmd {
    az(&["cosmosdb", "sql", "role", "assignment", "list"])
        .opt("--account-name", var(&gv(i, j, "ACCOUNT")))
        .opt("--resource-group", var(&gv(i, j, "RESOURCE_GROUP")))
        .opt("--subscription", var("SUBSCRIPTION_ID"))
        .opt("--query", lit(&format!("[].[principalId, roleDefinitionId, roleDefinitionId, {last}]")))
        .opt("--output", lit("tsv"))
}

/// The namespace of the name-based GUIDs below (any fixed GUID works; this one is ours).
const ASSIGNMENT_ID_NAMESPACE: uuid::Uuid = uuid::uuid!("c6f97e79-8d96-456b-9135-14268b4ff06c");

/// The ID of a Cosmos DB SQL role assignment, the same on every run for the same identity, role and
/// scope: without one the CLI makes a new random ID per call, and a second run adds a duplicate.
pub fn cosmos_assignment_id(a: &Answers, w: &Workload, g: &AccessGrant) -> String {
    // The scope of a Cosmos DB assignment is relative to its account, so the account's ID goes in.
    let name = format!(
        "{}|{}|{}|{}|{}|{}",
        a.tenant.subscription_id,
        a.cluster.resource_group,
        w.identity_name,
        catalog::resource_id(a, g),
        role_id(g),
        catalog::scope(a, g)
    )
    // ASCII only: Azure compares names that way, and full Unicode case tables would cost the page
    // 10 KB.
    .to_ascii_lowercase();
    uuid::Uuid::new_v5(&ASSIGNMENT_ID_NAMESPACE, name.as_bytes()).to_string()
}

/// Creates (or updates in place) the managed identity named by the variable `identity`, then keeps
/// its client ID and principal ID, checked, in the variables given.
fn create_identity(identity: &str, client_id: String, principal_id: String) -> Vec<Action> {
    vec![
        Action::Run(
            Cmd::new("az", &["identity", "create"])
                .opt("--resource-group", var("RESOURCE_GROUP"))
                .opt("--name", var(identity))
                .opt("--location", var("LOCATION"))
                .opt("--subscription", var("SUBSCRIPTION_ID")),
        ),
        Action::Capture { var: client_id, cmd: identity_show_of(identity, "clientId"), expect: Expect::Guid },
        Action::Capture { var: principal_id, cmd: identity_show_of(identity, "principalId"), expect: Expect::Guid },
    ]
}

fn kubectl_apply(file: Arg) -> Cmd {
    Cmd::new("kubectl", &["apply"]).opt("-f", file)
}

fn workload_azure_steps(a: &Answers, i: usize, w: &Workload) -> Vec<Step> {
    let sub = || var("SUBSCRIPTION_ID");
    let rg = || var("RESOURCE_GROUP");
    let identity = || var(&wv(i, "IDENTITY"));
    let n = i + 1;
    let mut steps = vec![
        Step {
            title: format!("Workload {n}: create its managed identity"),
            why: vec![
                "A user-assigned managed identity is the Azure identity the app acts as; it has no password or secret anyone could leak.".into(),
                "Its client ID goes into the ServiceAccount annotation; its principal (object) ID is what role assignments name. Mixing the two up is a common mistake.".into(),
            ],
            actions: create_identity(&wv(i, "IDENTITY"), wv(i, "CLIENT_ID"), wv(i, "PRINCIPAL_ID")),
        },
        Step {
            title: format!("Workload {n}: trust the cluster's ServiceAccount tokens"),
            why: vec![
                "The federated credential tells Entra ID to accept tokens from this cluster's issuer for exactly this ServiceAccount, in exchange for the identity's access tokens.".into(),
                "Credentials on one identity are created one at a time: parallel writes fail with 409 Conflict.".into(),
            ],
            actions: vec![Action::Run(
                Cmd::new("az", &["identity", "federated-credential", "create"])
                    .opt("--name", var(&wv(i, "FIC_NAME")))
                    .opt("--identity-name", identity())
                    .opt("--resource-group", rg())
                    .opt("--subscription", sub())
                    .opt("--issuer", var("ISSUER_URL"))
                    .opt("--subject", var(&wv(i, "SUBJECT")))
                    .opt("--audiences", lit(AUDIENCE)),
            )],
        },
    ];

    let mut actions = Vec::new();
    let mut why = vec![
        "Each grant gives the identity one role at the narrowest scope that works, using its principal ID.".into(),
    ];
    for (j, g) in w.grants.iter().enumerate() {
        if let Some(role) = catalog::role_by_name(&g.role) {
            actions.push(Action::Note(format!(
                "Grant {}: {}: {}",
                j + 1,
                role.name,
                role.summary
            )));
        }
        match catalog::target(g.target).method {
            AssignmentMethod::AzureRbac => actions.push(Action::Run(
                Cmd::new("az", &["role", "assignment", "create"])
                    .opt("--assignee-object-id", var(&wv(i, "PRINCIPAL_ID")))
                    .opt("--assignee-principal-type", lit("ServicePrincipal"))
                    .opt("--role", lit(&role_id(g)))
                    .opt("--scope", var(&gv(i, j, "SCOPE")))
                    .opt("--subscription", sub()),
            )),
            AssignmentMethod::CosmosSql => actions.push(Action::Run(
                Cmd::new("az", &["cosmosdb", "sql", "role", "assignment", "create"])
                    .opt("--account-name", var(&gv(i, j, "ACCOUNT")))
                    .opt("--resource-group", var(&gv(i, j, "RESOURCE_GROUP")))
                    .opt("--subscription", sub())
                    .opt("--role-definition-id", lit(&role_id(g)))
                    .opt("--principal-id", var(&wv(i, "PRINCIPAL_ID")))
                    .opt("--scope", var(&gv(i, j, "SCOPE")))
                    .opt("--role-assignment-id", lit(&cosmos_assignment_id(a, w, g))),
            )),
            AssignmentMethod::SqlTsql => {
                actions.push(Action::Say(vec![lit(&format!(
                    "Azure SQL has no Azure role for data access. Connect to server {} database {} as its Entra admin and run:",
                    g.resource_name, g.sub_resource
                ))]));
                for line in sql_statements(&w.identity_name, g) {
                    actions.push(Action::Say(vec![lit(&format!("    {line}"))]));
                }
            }
        }
    }
    if w.grants
        .iter()
        .any(|g| catalog::target(g.target).method == AssignmentMethod::CosmosSql)
    {
        why.push("Cosmos DB data access is not an Azure role: it is a Cosmos DB SQL role assignment on the account. Creating one needs Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write there, which Contributor and DocumentDB Account Contributor have and User Access Administrator does not.".into());
    }
    if w.grants
        .iter()
        .any(|g| catalog::target(g.target).method == AssignmentMethod::SqlTsql)
    {
        why.push("Azure SQL data access is granted inside the database with T-SQL, so the script prints the statements for you to run.".into());
    }
    if !actions.is_empty() {
        steps.push(Step {
            title: format!("Workload {n}: grant access"),
            why,
            actions,
        });
    }
    steps
}

/// The pipeline's identity, its federated credential for GitHub and its Azure role assignments.
fn pipeline_azure_steps(a: &Answers) -> Vec<Step> {
    let sub = || var("SUBSCRIPTION_ID");
    let rg = || var("RESOURCE_GROUP");
    let identity = || var("PIPELINE_IDENTITY");
    let mut grants = Vec::new();
    for x in pipeline_assignments(a) {
        if let Some(role) = catalog::role_by_name(&x.role) {
            grants.push(Action::Note(format!("To {}: {}: {}", x.purpose, role.name, role.summary)));
        }
        grants.push(Action::Run(
            Cmd::new("az", &["role", "assignment", "create"])
                .opt("--assignee-object-id", var("PIPELINE_PRINCIPAL_ID"))
                .opt("--assignee-principal-type", lit("ServicePrincipal"))
                .opt("--role", lit(&role_arg(&x.role)))
                .opt("--scope", x.scope)
                .opt("--subscription", sub()),
        ));
    }
    let mut rights_why = vec![
        format!("{} lets the workflow fetch the cluster's user kubeconfig; by itself it grants nothing inside the cluster.", catalog::CLUSTER_USER_ROLE),
    ];
    if a.admin.azure_rbac {
        rights_why.push("With Azure RBAC for Kubernetes, the right to deploy is an Azure role assignment scoped to one namespace (the cluster's ID followed by /namespaces/ and its name), so the pipeline can change nothing elsewhere.".into());
    } else {
        rights_why.push("The right to deploy comes from a Kubernetes RoleBinding in each namespace, applied after the namespaces exist.".into());
    }
    if a.pipeline.as_ref().is_some_and(|p| p.push_images) {
        rights_why.push("AcrPush on the registry lets it push the images it builds, and nothing else there.".into());
    }
    vec![
        Step {
            title: "Deploy pipeline: create its managed identity".into(),
            why: vec![
                "The pipeline gets an identity of its own, apart from the apps', so each can be given exactly what it needs; like theirs, it has no password or secret.".into(),
            ],
            actions: create_identity("PIPELINE_IDENTITY", "PIPELINE_CLIENT_ID".into(), "PIPELINE_PRINCIPAL_ID".into()),
        },
        Step {
            title: "Deploy pipeline: trust GitHub's token for this workflow".into(),
            why: vec![
                "The federated credential tells Entra ID to accept the token GitHub gives the deploy job, and only that one: issuer, subject and audience must match it letter for letter.".into(),
                "The subject names the repository and the GitHub environment (or the exact branch or tag) the job runs for; a run from anywhere else, such as a pull request, presents another subject and is refused.".into(),
            ],
            actions: vec![Action::Run(
                Cmd::new("az", &["identity", "federated-credential", "create"])
                    .opt("--name", var("PIPELINE_FIC_NAME"))
                    .opt("--identity-name", identity())
                    .opt("--resource-group", rg())
                    .opt("--subscription", sub())
                    .opt("--issuer", var("GITHUB_ISSUER"))
                    .opt("--subject", var("PIPELINE_SUBJECT"))
                    .opt("--audiences", lit(AUDIENCE)),
            )],
        },
        Step {
            title: "Deploy pipeline: grant what deploying needs, and no more".into(),
            why: rights_why,
            actions: grants,
        },
    ]
}

/// Each workshop participant's own rights: into their namespace, and no further.
fn participant_step(a: &Answers) -> Step {
    let mut actions = Vec::new();
    let Some(ws) = &a.workshop else { return Step { title: String::new(), why: Vec::new(), actions } };
    let assignments = participant_assignments(a);
    for (k, name) in ws.names().iter().enumerate() {
        let Some(principal) = participant_principal(a, k) else {
            actions.push(Action::Say(vec![lit(&format!("Participant {name} has no sign-in name yet: add one in the wizard and run setup again."))]));
            continue;
        };
        if principal == participant_var(k, "OBJECT_ID") {
            actions.push(Action::Capture {
                var: principal.clone(),
                cmd: participant_lookup(k),
                expect: Expect::Guid,
            });
        }
        for x in assignments.iter().filter(|x| x.participant == k) {
            actions.push(Action::Run(
                Cmd::new("az", &["role", "assignment", "create"])
                    .opt("--assignee-object-id", var(&principal))
                    .opt("--assignee-principal-type", lit("User"))
                    .opt("--role", lit(&role_arg(&x.role)))
                    .opt("--scope", x.scope.clone())
                    .opt("--subscription", var("SUBSCRIPTION_ID")),
            ));
        }
    }
    Step {
        title: "Workshop: let each participant into their own namespace".into(),
        why: vec![
            format!("Each participant gets {} on their own namespace only: an Azure role assignment whose scope is the cluster's ID followed by /namespaces/ and the namespace's name.", ws.participant_role),
            format!("{} lets them fetch a kubeconfig with az aks get-credentials; by itself it grants nothing inside the cluster.", catalog::CLUSTER_USER_ROLE),
            "A sign-in name is looked up in Entra ID first (az ad user show), so a typo stops the script here instead of granting nothing.".into(),
        ],
        actions,
    }
}
