//! teardown.sh: undoes setup.sh in reverse order. It asks before anything that could hold more than
//! what setup made (a namespace, the cluster, the resource group), and never deletes a cluster that
//! existed before setup.
//!
//! Written for bash 3.2 too (macOS): no `${x,,}`, `mapfile`, or loops over arrays that may be empty.

use super::bash::{self, command, v};
use super::layout::Layout;
use super::plan::{self, az, cosmos_assignment_list, gv, identity_show, identity_show_of, kubectl_on_cluster as kubectl, lit, pv, rbac_assignment_list, rbac_assignment_list_at, var, wv, Arg, Cmd, Plan};
use super::quote::sh;
use crate::answers::{Answers, ClusterMode};
use crate::catalog::{self, AssignmentMethod};

const PRELUDE: &str = r#"# confirm QUESTION: true only for an explicit yes. No answer (or no terminal) means no.
confirm() {
  local reply=''
  read -r -p "$1 [y/N] " reply || true
  [[ $reply == [yY] || $reply == [yY][eE][sS] ]]
}
# Runs a read-only command and prints its output without a trailing CR; nothing when it fails.
get() {
  local out
  out="$("$@" 2>/dev/null)" || out=''
  printf '%s' "${out%$'\r'}"
}
# ids_for LISTING PRINCIPAL ROLE: the assignment IDs in LISTING (lines of principal, role definition
# ID, role name, assignment ID; tab-separated) that belong to PRINCIPAL with ROLE.
ids_for() {
  local principal role p r n id
  principal=$(lower "$2") role=$(lower "$3")
  while IFS=$'\t' read -r p r n id; do
    p=$(lower "$p") r=$(lower "$r") n=$(lower "$n")
    if [[ -n $id && $p == "$principal" && ($r == */"$role" || $n == "$role") ]]; then
      printf '%s\n' "$id"
    fi
  done <<<"$1"
}
"#;

/// Lists assignments, keeps the principal's ones with the role, and deletes each by ID. The delete
/// reads from /dev/null, so it cannot swallow the rest of the list from standard input. (A loop over
/// an array would fail on bash before 4.4 when nothing is found: an empty array is unbound there.)
fn delete_each(list: &Cmd, principal: &str, role: &str, del: &Cmd) -> String {
    format!(
        "  while IFS= read -r assignment_id; do\n    {} </dev/null\n  done < <(ids_for \"$(get {})\" {} {role})\n",
        command(del),
        command(list),
        v(principal)
    )
}

/// Whose part of a workshop a block of teardown.sh removes.
#[derive(Clone, Copy)]
enum Owner {
    Participant(usize),
    /// The lab as a whole (cluster, pipeline, namespaces several participants use).
    Shared,
}

/// `block` as it runs: without a workshop, always; with one, only for the participant named on the
/// command line (or everyone when none is), and shared parts only when no participant is named.
fn guarded(a: &Answers, owner: Owner, block: String) -> String {
    if a.workshop.is_none() || block.is_empty() {
        return block;
    }
    match owner {
        Owner::Participant(k) => format!("if wants {}; then\n{block}fi\n", v(&plan::participant_var(k, "NAME"))),
        Owner::Shared => format!("if [[ -z $ONLY ]]; then\n{block}fi\n"),
    }
}

/// The owner of workload `i` of expanded answers.
fn owner_of_workload(a: &Answers, i: usize) -> Owner {
    crate::answers::workshop::participant_index(a, i).map_or(Owner::Shared, Owner::Participant)
}

/// The one participant whose workloads use `namespace`, or shared.
fn owner_of_namespace(a: &Answers, namespace: &str) -> Owner {
    let Some(ws) = &a.workshop else { return Owner::Shared };
    let users: Vec<usize> = (0..ws.names().len())
        .filter(|&k| crate::answers::workshop::namespaces_of(a, k).iter().any(|n| n == namespace))
        .collect();
    match users.as_slice() {
        [k] => Owner::Participant(*k),
        _ => Owner::Shared,
    }
}

/// With a workshop: `teardown.sh [PARTICIPANT]` reads the participant's name, refuses one the lab
/// does not have, and defines `wants`.
fn participant_argument(a: &Answers) -> String {
    let Some(ws) = &a.workshop else { return String::new() };
    let names: Vec<String> = (0..ws.names().len()).map(|k| v(&plan::participant_var(k, "NAME"))).collect();
    format!(
        "\n# teardown.sh PARTICIPANT removes only that participant's part of the lab (their apps, identities,\n# access and namespace); without one, everything. The cluster and shared parts go only then.\nONLY=\"${{1:-}}\"\nwants() {{ [[ -z $ONLY || $ONLY == \"$1\" ]]; }}\nif [[ -n $ONLY ]]; then\n  known=''\n  for participant in {}; do\n    if [[ $participant == \"$ONLY\" ]]; then known=1; fi\n  done\n  if [[ -z $known ]]; then\n    printf 'teardown.sh: %s is not a participant of this lab (%s to %s).\\n' \"$ONLY\" {} {} >&2\n    exit 2\n  fi\nfi\n",
        names.join(" "),
        names.first().cloned().unwrap_or_default(),
        names.last().cloned().unwrap_or_default()
    )
}

/// Each workshop participant's own Azure role assignments, found by their object ID.
fn participant_access(a: &Answers) -> String {
    let Some(ws) = &a.workshop else { return String::new() };
    let mut out = bash::section(
        "Workshop participants' access",
        &["Each participant's rights on the cluster and their namespace go before their namespace does.".into()],
    );
    let assignments = plan::participant_assignments(a);
    for k in 0..ws.names().len() {
        let Some(principal) = plan::participant_principal(a, k) else { continue };
        let mut block = String::new();
        if principal == plan::participant_var(k, "OBJECT_ID") {
            let lookup = plan::participant_lookup(k);
            block.push_str(&format!("{principal}=\"$(get {})\"\n", command(&lookup)));
        }
        block.push_str(&format!("if [[ -n {} ]]; then\n", v(&principal)));
        for x in assignments.iter().filter(|x| x.participant == k).rev() {
            let del = az(&["role", "assignment", "delete"])
                .opt("--subscription", var("SUBSCRIPTION_ID"))
                .opt("--ids", var("assignment_id"));
            block.push_str(&delete_each(&rbac_assignment_list_at(x.scope.clone(), "id"), &principal, &sh(&plan::role_arg(&x.role)), &del));
        }
        block.push_str("fi\n");
        out.push_str(&guarded(a, Owner::Participant(k), block));
    }
    out
}

/// `if confirm QUESTION; then BODY fi`, the question built from pieces (constant text and values).
fn ask(question: Vec<Arg>, then: &str) -> String {
    let q: String = question.iter().map(bash::word).collect();
    format!("if confirm {q}; then\n{then}fi\n")
}

pub fn render(a: &Answers, layout: &Layout, p: &Plan) -> String {
    let sub = || var("SUBSCRIPTION_ID");
    let rg = || var("RESOURCE_GROUP");
    let mut body = String::from(bash::LOWER);
    body.push_str(PRELUDE);
    body.push_str(
        "\n# The k8s/ folder sits next to this script.\ncd \"$(dirname \"${BASH_SOURCE[0]}\")\"\n",
    );
    body.push_str(&participant_argument(a));
    body.push_str(&participant_access(a));

    body.push_str(&bash::section(
        "Kubernetes objects",
        &["Remove the apps and verify.sh's identity-check pods first, then their ServiceAccounts, so no pod runs without its identity.".into()],
    ));
    for i in (0..a.workloads.len()).rev() {
        let mut block = String::new();
        for file in ["CHECK_MANIFEST", "APP_MANIFEST", "SA_MANIFEST"] {
            let c = kubectl(&["delete"])
                .opt("--filename", var(&wv(i, file)))
                .flag("--ignore-not-found");
            block.push_str(&format!(
                "{} || printf '%s\\n' 'Could not reach the cluster; skipping.'\n",
                command(&c)
            ));
        }
        body.push_str(&guarded(a, owner_of_workload(a, i), block));
    }
    let mut bindings = String::new();
    for k in (0..layout.pipeline_role_bindings.len()).rev() {
        let c = kubectl(&["delete"])
            .opt("--filename", var(&pv(k, "ROLE_BINDING")))
            .flag("--ignore-not-found");
        bindings.push_str(&format!(
            "{} || printf '%s\\n' 'Could not reach the cluster; skipping.'\n",
            command(&c)
        ));
    }
    body.push_str(&guarded(a, Owner::Shared, bindings));
    for k in (0..layout.namespaces.len()).rev() {
        let c = kubectl(&["delete"])
            .opt("--filename", var(&format!("NS{}_MANIFEST", k + 1)))
            .flag("--ignore-not-found");
        let owner = owner_of_namespace(a, &layout.namespaces[k].namespace);
        body.push_str(&guarded(a, owner, ask(
            vec![lit(&format!(
                "Delete namespace {} and everything still in it?",
                layout.namespaces[k].namespace
            ))],
            &format!("  {} || true\n", command(&c)),
        )));
    }

    let mut pipeline_part = String::new();
    if a.pipeline.is_some() {
        let mut body = String::new();
        body.push_str(&bash::section(
            "Deploy pipeline: access, federated credential, identity",
            &["The pipeline was set up after the workloads, so it goes first; its role assignments before its identity, for the same reason as theirs.".into()],
        ));
        body.push_str(&format!(
            "PIPELINE_PRINCIPAL_ID=\"$(get {})\"\nif [[ -n \"$PIPELINE_PRINCIPAL_ID\" ]]; then\n",
            command(&identity_show_of("PIPELINE_IDENTITY", "principalId"))
        ));
        for x in plan::pipeline_assignments(a).into_iter().rev() {
            let del = az(&["role", "assignment", "delete"])
                .opt("--subscription", sub())
                .opt("--ids", var("assignment_id"));
            body.push_str(&delete_each(&rbac_assignment_list_at(x.scope, "id"), "PIPELINE_PRINCIPAL_ID", &sh(&plan::role_arg(&x.role)), &del));
        }
        body.push_str("fi\n");
        let fic = az(&["identity", "federated-credential", "delete"])
            .opt("--name", var("PIPELINE_FIC_NAME"))
            .opt("--identity-name", var("PIPELINE_IDENTITY"))
            .opt("--resource-group", rg())
            .opt("--subscription", sub())
            .flag("--yes");
        body.push_str(&format!("{} || true\n", command(&fic)));
        let id = az(&["identity", "delete"])
            .opt("--name", var("PIPELINE_IDENTITY"))
            .opt("--resource-group", rg())
            .opt("--subscription", sub());
        body.push_str(&format!("{} || true\n", command(&id)));
        pipeline_part = guarded(a, Owner::Shared, body);
    }
    body.push_str(&pipeline_part);

    let mut body_all = body;
    for (i, w) in a.workloads.iter().enumerate().rev() {
        let n = i + 1;
        let mut block = String::new();
        let body = &mut block;
        body.push_str(&bash::section(
            &format!("Workload {n}: access, federated credential, identity"),
            &["Role assignments go first: once the identity is gone they can no longer be found by its principal ID, and would linger as 'unknown'.".into()],
        ));
        let principal = wv(i, "PRINCIPAL_ID");
        if !w.grants.is_empty() {
            body.push_str(&format!("{principal}=\"$(get {})\"\n", command(&identity_show(i, "principalId"))));
        }
        if !w.grants.is_empty() {
            body.push_str(&format!("if [[ -n {} ]]; then\n", v(&principal)));
        }
        for (j, g) in w.grants.iter().enumerate().rev() {
            let role = sh(&super::plan::role_id(g));
            match catalog::target(g.target).method {
                AssignmentMethod::AzureRbac => {
                    // Deleted by the full assignment ID.
                    let list = rbac_assignment_list(i, j, "id");
                    let del = az(&["role", "assignment", "delete"])
                        .opt("--subscription", sub())
                        .opt("--ids", var("assignment_id"));
                    body.push_str(&delete_each(&list, &principal, &role, &del));
                }
                AssignmentMethod::CosmosSql => {
                    // Deleted by its name, a GUID.
                    let list = cosmos_assignment_list(i, j, "name");
                    let del = az(&["cosmosdb", "sql", "role", "assignment", "delete"])
                        .opt("--account-name", var(&gv(i, j, "ACCOUNT")))
                        .opt("--resource-group", var(&gv(i, j, "RESOURCE_GROUP")))
                        .opt("--subscription", sub())
                        .opt("--role-assignment-id", var("assignment_id"))
                        .flag("--yes");
                    body.push_str(&delete_each(&list, &principal, &role, &del));
                }
                AssignmentMethod::SqlTsql => {
                    body.push_str(&format!(
                        "  printf '%s\\n' {} {}\n",
                        sh(&format!(
                            "Azure SQL: remove the database user yourself, in database {} on server {}:",
                            g.sub_resource, g.resource_name
                        )),
                        sh(&format!("    DROP USER IF EXISTS {};", super::quote::tsql_ident(&w.identity_name)))
                    ));
                }
            }
        }
        if !w.grants.is_empty() {
            body.push_str("fi\n");
        }
        let fic = az(&["identity", "federated-credential", "delete"])
            .opt("--name", var(&wv(i, "FIC_NAME")))
            .opt("--identity-name", var(&wv(i, "IDENTITY")))
            .opt("--resource-group", rg())
            .opt("--subscription", sub())
            .flag("--yes");
        body.push_str(&format!("{} || true\n", command(&fic)));
        let id = az(&["identity", "delete"])
            .opt("--name", var(&wv(i, "IDENTITY")))
            .opt("--resource-group", rg())
            .opt("--subscription", sub());
        body.push_str(&format!("{} || true\n", command(&id)));
        body_all.push_str(&guarded(a, owner_of_workload(a, i), block));
    }

    let mut cluster_part = String::new();
    let body = &mut cluster_part;
    body.push_str(&bash::section("Cluster", &[]));
    let detach = az(&["aks", "update"])
        .opt("--resource-group", rg())
        .opt("--name", var("CLUSTER_NAME"))
        .opt("--subscription", sub())
        .opt("--detach-acr", var("ACR_ID"));
    match a.cluster.mode {
        ClusterMode::New => {
            let mut then = String::new();
            if !a.cluster.acr_name.is_empty() {
                then.push_str(&bash::comment("Remove the nodes' AcrPull first: it is a role assignment on the registry, which outlives the cluster."));
                then.push_str(&format!("  {} || true\n", command(&detach)));
            }
            let del = az(&["aks", "delete"])
                .opt("--resource-group", rg())
                .opt("--name", var("CLUSTER_NAME"))
                .opt("--subscription", sub())
                .flag("--yes");
            then.push_str(&format!("  {} || true\n", command(&del)));
            body.push_str(&ask(
                vec![
                    lit("Delete the AKS cluster "),
                    var("CLUSTER_NAME"),
                    lit(" and all its workloads?"),
                ],
                &then,
            ));
            let del_rg = az(&["group", "delete"])
                .opt("--name", rg())
                .opt("--subscription", sub())
                .flag("--yes");
            body.push_str(&ask(
                vec![
                    lit("Delete resource group "),
                    rg(),
                    lit(" and EVERYTHING in it, including anything setup.sh did not create?"),
                ],
                &format!("  {}\n", command(&del_rg)),
            ));
        }
        ClusterMode::Existing => {
            if !a.cluster.acr_name.is_empty() {
                body.push_str(&ask(
                    vec![lit("Remove the cluster's pull access to the registry (only if setup.sh added it)?")],
                    &format!("  {}\n", command(&detach)),
                ));
            }
            body.push_str(&format!(
                "printf '%s\\n' {}\n",
                sh("The existing cluster is kept. Entra ID and the OIDC issuer cannot be switched off; workload identity can, with az aks update --disable-workload-identity, if nothing else on the cluster uses it.")
            ));
        }
    }
    body_all.push_str(&guarded(a, Owner::Shared, cluster_part));
    body_all.push_str("printf '\\n%s\\n' 'Teardown finished.'\n");
    let body = body_all;

    let mut out = bash::header(
        "teardown.sh: removes what setup.sh created, in reverse order. It asks before deleting a namespace, the cluster or the resource group, and never deletes a cluster that existed before.",
    );
    out.push_str(&bash::comment("Your values."));
    out.push_str(&bash::assignments(&p.vars, &body));
    out.push('\n');
    out.push_str(&body);
    out
}
