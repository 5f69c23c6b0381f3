//! What setup.sh's plan creates in Azure and Kubernetes, read from the plan's commands: the model the
//! Terraform and Bicep forms are compared with (tests/generate_iac.rs, tests/generate_bicep.rs).

use aks_identity_wizard::answers::Answers;
use aks_identity_wizard::catalog;
use aks_identity_wizard::generate::plan::{self, Action, Arg, Cmd, Plan};
use std::collections::BTreeSet;

/// What both forms must agree on.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Setup {
    pub identities: BTreeSet<String>,
    /// (identity, credential name, issuer, subject, audience); the cluster's issuer is `<cluster>`.
    pub credentials: BTreeSet<(String, String, String, String, String)>,
    /// (principal, role GUID or name, scope); the kubelet identity is `<kubelet>`.
    pub assignments: BTreeSet<(String, String, String)>,
    /// (identity, role definition GUID, full scope, assignment ID).
    pub cosmos: BTreeSet<(String, String, String, String)>,
    /// (namespace, ServiceAccount, identity whose client ID it carries).
    pub service_accounts: BTreeSet<(String, String, String)>,
}

fn commands(actions: &[Action], out: &mut Vec<Cmd>) {
    for a in actions {
        match a {
            Action::Run(c) => out.push(c.clone()),
            Action::Capture { cmd, .. } => out.push(cmd.clone()),
            Action::Pipe(x, y) => {
                out.push(x.clone());
                out.push(y.clone());
            }
            Action::IfMissing { show, then } => {
                out.push(show.clone());
                commands(then, out);
            }
            _ => {}
        }
    }
}

pub fn from_plan(a: &Answers, p: &Plan) -> Setup {
    let value = |arg: &Arg| -> String {
        fn go(p: &Plan, arg: &Arg) -> String {
            match arg {
                Arg::Lit(s) => s.clone(),
                Arg::Var(v) if v == "ISSUER_URL" => "<cluster>".into(),
                Arg::Var(v) if v.ends_with("_PRINCIPAL_ID") || v.ends_with("_CLIENT_ID") => {
                    let identity = v.replace("_PRINCIPAL_ID", "_IDENTITY").replace("_CLIENT_ID", "_IDENTITY");
                    p.value_of(&identity).unwrap_or_else(|| panic!("{identity}")).to_string()
                }
                Arg::Var(v) => p.value_of(v).unwrap_or_else(|| panic!("no variable {v}")).to_string(),
                Arg::Cat(parts) => parts.iter().map(|x| go(p, x)).collect(),
            }
        }
        go(p, arg)
    };
    let mut cmds = Vec::new();
    for s in &p.steps {
        commands(&s.actions, &mut cmds);
    }
    let mut out = Setup::default();
    for c in &cmds {
        let words: Vec<String> = c.args.iter().take_while(|x| !matches!(x, Arg::Lit(s) if s.starts_with('-'))).map(&value).collect();
        let opt = |name: &str| -> Option<String> {
            c.args.iter().position(|x| matches!(x, Arg::Lit(s) if s == name)).map(|k| value(&c.args[k + 1]))
        };
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        match (c.tool, w.as_slice()) {
            ("az", ["identity", "create"]) => {
                out.identities.insert(opt("--name").expect("name"));
            }
            ("az", ["identity", "federated-credential", "create"]) => {
                out.credentials.insert((
                    opt("--identity-name").expect("identity"),
                    opt("--name").expect("name"),
                    opt("--issuer").expect("issuer"),
                    opt("--subject").expect("subject"),
                    opt("--audiences").expect("audience"),
                ));
            }
            // Workshop participants' own rights come from setup.sh only (the Terraform README says so).
            ("az", ["role", "assignment", "create"]) if opt("--assignee-principal-type").as_deref() == Some("User") => {}
            ("az", ["role", "assignment", "create"]) => {
                out.assignments.insert((opt("--assignee-object-id").expect("who"), opt("--role").expect("role"), opt("--scope").expect("scope")));
            }
            ("az", ["aks", "update"]) => {
                if let Some(acr) = opt("--attach-acr") {
                    out.assignments.insert(("<kubelet>".into(), plan::role_arg(catalog::CLUSTER_ACR_ROLE), acr));
                }
            }
            ("az", ["cosmosdb", "sql", "role", "assignment", "create"]) => {
                let account = format!(
                    "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DocumentDB/databaseAccounts/{}",
                    a.tenant.subscription_id,
                    opt("--resource-group").expect("rg"),
                    opt("--account-name").expect("account")
                );
                let scope = opt("--scope").expect("scope");
                out.cosmos.insert((
                    opt("--principal-id").expect("principal"),
                    opt("--role-definition-id").expect("role"),
                    if scope == "/" { account } else { format!("{account}{scope}") },
                    opt("--role-assignment-id").expect("id"),
                ));
            }
            ("kubectl", ["annotate"]) => {
                let client = c.args.iter().find_map(|x| match x {
                    Arg::Cat(parts) => Some(value(&parts[1])),
                    _ => None,
                });
                let manifest = opt("-f").expect("manifest");
                let i = p.vars.iter().find(|v| v.value == manifest && v.name.ends_with("_SA_MANIFEST")).expect("SA var").name.replace("_SA_MANIFEST", "");
                out.service_accounts.insert((
                    p.value_of(&format!("{i}_NAMESPACE")).expect("ns").to_string(),
                    p.value_of(&format!("{i}_SERVICE_ACCOUNT")).expect("sa").to_string(),
                    client.expect("client id"),
                ));
            }
            _ => {}
        }
    }
    out
}

