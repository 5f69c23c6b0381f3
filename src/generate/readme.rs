//! README.md: the walkthrough, in the user's own values. The step-by-step part is rendered from the same
//! plan as setup.sh, so the explanation always matches what the script does. Every user value passes
//! through `quote::md_code` (or sits inside a fenced block), so no value can change the document.

use super::bash;
use super::layout::{self, Layout};
use super::plan::{self, Action, Plan};
use super::quote::{md_block, md_code};
use crate::answers::{Answers, Cloud, ClusterMode, WorkloadKind};
use crate::catalog::{self, AssignmentMethod};
use crate::validate::{Finding, Severity};

/// Escapes Markdown syntax in prose built from messages (findings can quote user values).
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.push('\u{FFFD}');
            continue;
        }
        // Mid-line, these are the characters that can start emphasis, code, links, HTML or entities.
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn steps_section(out: &mut String, p: &Plan) {
    for (k, step) in p.steps.iter().enumerate() {
        out.push_str(&format!("\n### {}. {}\n\n", k + 1, step.title));
        out.push_str(&step.why.join(" "));
        out.push('\n');
        let mut code = String::new();
        let mut said = String::new();
        for a in &step.actions {
            match a {
                Action::Run(c) => {
                    code.push_str(&format!("{}\n", bash::command_resolved(c, &p.vars)))
                }
                Action::Capture { var, cmd, .. } => code.push_str(&format!(
                    "{var}=\"$({})\"\n",
                    bash::command_resolved(cmd, &p.vars)
                )),
                Action::Pipe(a, b) => code.push_str(&format!(
                    "{} |\n  {}\n",
                    bash::command_resolved(a, &p.vars),
                    bash::command_resolved(b, &p.vars)
                )),
                Action::Note(text) => code.push_str(&bash::comment(text)),
                Action::Say(parts) => {
                    // Values the script knows from the answers are shown; those it reads at run
                    // time stay `$NAME`.
                    for part in parts {
                        match part {
                            plan::Arg::Lit(s) => said.push_str(s),
                            plan::Arg::Var(n) => match p.value_of(n) {
                                Some(v) => said.push_str(v),
                                None => said.push_str(&format!("${n}")),
                            },
                            plan::Arg::Cat(_) => {}
                        }
                    }
                    said.push('\n');
                }
                Action::IfMissing { show, then } => {
                    code.push_str(&bash::comment("Only when this finds no cluster (az exits with code 3):"));
                    code.push_str(&format!("{}\n", bash::command_resolved(show, &p.vars)));
                    for t in then {
                        match t {
                            Action::Run(c) => code.push_str(&format!("{}\n", bash::command_resolved(c, &p.vars))),
                            Action::Fail(message) => said.push_str(&format!("setup.sh: {message}\n")),
                            _ => {}
                        }
                    }
                }
                Action::Fail(message) => said.push_str(&format!("setup.sh: {message}\n")),
                Action::SetYamlValue { file, key, value } => {
                    let file = p.value_of(file).unwrap_or(file);
                    code.push_str(&bash::comment(&format!("Writes ${value} as the {key} value in {file}.")));
                }
                Action::ReadWords { cmd, .. } => {
                    code.push_str(&format!("{}\n", bash::command_resolved(cmd, &p.vars)))
                }
                Action::UpdateIfNeeded { cmd, chains, .. } => {
                    // The update as it runs on a cluster that has none of the settings yet; the
                    // script sends only the flags whose setting is missing.
                    let mut full = cmd.clone();
                    for chain in chains {
                        if let Some(first) = chain.first() {
                            full.args.extend(first.args.iter().cloned());
                        }
                    }
                    code.push_str(&bash::comment("Then, with only the flags for what the cluster lacks:"));
                    code.push_str(&format!("{}\n", bash::command_resolved(&full, &p.vars)));
                }
            }
        }
        if !code.is_empty() {
            out.push('\n');
            out.push_str(&md_block("bash", &code));
        }
        if !said.is_empty() {
            out.push_str("\nThe script prints:\n\n");
            out.push_str(&md_block("text", &said));
        }
    }
}

/// `template` is the answers as written (a workshop's workloads once, with `{participant}`); `a` the
/// expanded answers the scripts carry out.
pub fn render(template: &Answers, a: &Answers, layout: &Layout, p: &Plan, findings: &[Finding]) -> String {
    let mut o = String::new();
    let c = &a.cluster;
    o.push_str(&format!(
        "# Workload identity on AKS: {}\n\n",
        md_code(&c.name)
    ));
    o.push_str("This folder sets up an AKS cluster where people sign in with Microsoft Entra ID and where each app gets its own Azure identity without any secret: no passwords, keys or connection strings in the cluster. It was generated by aks-identity-wizard from `answers.yaml`, which you can load into the wizard again to change anything.\n\n");

    o.push_str("## What you get\n\n");
    let cloud_note = match a.tenant.cloud {
        Cloud::AzureCloud => String::new(),
        other => format!(" in {}", catalog::cloud_display_name(other)),
    };
    match c.mode {
        ClusterMode::New => o.push_str(&format!(
            "- A new cluster {} in resource group {} ({}{cloud_note}), subscription {}, tenant {}.\n",
            md_code(&c.name),
            md_code(&c.resource_group),
            md_code(&a.tenant.location),
            md_code(&a.tenant.subscription_id),
            md_code(&a.tenant.tenant_id)
        )),
        ClusterMode::Existing => o.push_str(&format!(
            "- Your existing cluster {} in resource group {} ({}{cloud_note}), subscription {}, tenant {}, with only the missing features switched on.\n",
            md_code(&c.name),
            md_code(&c.resource_group),
            md_code(&a.tenant.location),
            md_code(&a.tenant.subscription_id),
            md_code(&a.tenant.tenant_id)
        )),
    }
    if a.admin.admin_group_object_ids.is_empty() {
        if a.admin.azure_rbac {
            o.push_str("- Sign-in through Entra ID. No admin group is set, so give people Azure roles on the cluster instead (such as Azure Kubernetes Service RBAC Cluster Admin).\n");
        } else {
            o.push_str("- Sign-in through Entra ID. No admin group is set and Azure RBAC is off, so nobody is a cluster admin through Entra ID: add a group, or bind people in Kubernetes RoleBindings yourself.\n");
        }
    } else {
        let groups: Vec<String> = a
            .admin
            .admin_group_object_ids
            .iter()
            .map(|g| md_code(g))
            .collect();
        o.push_str(&format!(
            "- Sign-in through Entra ID; members of the group(s) {} are cluster admins.\n",
            groups.join(", ")
        ));
    }
    if a.admin.azure_rbac {
        o.push_str("- Azure RBAC for Kubernetes: Kubernetes permissions can be granted as Azure role assignments (they take up to 5 minutes to apply).\n");
    }
    if a.admin.disable_local_accounts {
        o.push_str(
            "- Local accounts off: there is no static admin kubeconfig that bypasses Entra ID.\n",
        );
    }
    if !c.acr_name.is_empty() {
        o.push_str(&format!(
            "- The nodes can pull images from registry {} (AcrPull for the cluster's own kubelet identity only).\n",
            md_code(&c.acr_name)
        ));
    }
    for (i, w) in a.workloads.iter().enumerate() {
        let kind = match w.kind {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::Pod => "Pod",
        };
        o.push_str(&format!(
            "- Workload {}: {kind} {} (image {}) in namespace {} runs as ServiceAccount {}, which acts as managed identity {}.\n",
            i + 1,
            md_code(&w.app_name),
            md_code(&w.image),
            md_code(&w.namespace),
            md_code(&w.service_account),
            md_code(&w.identity_name)
        ));
        for g in &w.grants {
            let t = catalog::target(g.target);
            let how = match t.method {
                AssignmentMethod::AzureRbac => "Azure role",
                AssignmentMethod::CosmosSql => "Cosmos DB SQL role",
                AssignmentMethod::SqlTsql => "database role (granted with T-SQL)",
            };
            o.push_str(&format!(
                "  - {}: {how} {} on {} {}, scope {}.\n",
                t.label,
                md_code(&g.role),
                t.resource_label,
                md_code(&g.resource_name),
                md_code(&catalog::scope(a, g))
            ));
        }
    }

    if let Some(pl) = &a.pipeline {
        let namespaces: Vec<String> = pl.namespaces.iter().map(|n| md_code(n)).collect();
        let how = if a.admin.azure_rbac { "Azure role" } else { "Kubernetes ClusterRole" };
        let role = if a.admin.azure_rbac { pl.deploy_role.clone() } else { plan::pipeline_cluster_role(pl).to_string() };
        o.push_str(&format!(
            "- A deploy pipeline: the GitHub Actions workflow {} of repository {} signs in as managed identity {} and may deploy into {} only ({how} {}){}.\n",
            md_code(layout::WORKFLOW_YML),
            md_code(&pl.repository),
            md_code(&pl.identity_name),
            namespaces.join(", "),
            md_code(&role),
            if pl.push_images && !c.acr_name.is_empty() { format!(", and push images to {}", md_code(&c.acr_name)) } else { String::new() }
        ));
    }

    // Errors never get this far (they block the bundle); warnings and notes are worth keeping.
    let notes: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity != Severity::Error)
        .collect();
    if !notes.is_empty() {
        o.push_str("\n### Things the wizard flagged\n\n");
        for f in notes {
            let level = f.severity.word();
            o.push_str(&format!(
                "- {} ({level}): {}",
                md_code(&f.field),
                md_text(&f.message)
            ));
            if let Some(fix) = &f.fix {
                o.push_str(&format!(" Suggested: {}.", md_text(&fix.label)));
            }
            o.push('\n');
        }
    }

    let picture = super::chain::chain(template, findings);
    o.push_str("\n## The identity chain\n\n");
    o.push_str("Who can administer the cluster, and how each app reaches Azure: the pod runs as a ServiceAccount, a federated credential trusts that ServiceAccount's tokens, so the pod may act as the managed identity, and the identity holds roles on resources. Elements the wizard flagged are marked.\n\n");
    o.push_str(&md_block("mermaid", &super::chain::mermaid(&picture)));
    o.push_str("\nThe same in words:\n\n");
    for sentence in super::chain::sentences(&picture) {
        o.push_str(&format!("- {}\n", md_text(&sentence)));
    }

    o.push_str("\n## The files\n\n");
    o.push_str("| File | What it is |\n|---|---|\n");
    if a.outputs.scripts() {
        o.push_str(&format!(
            "| `{}` | Does everything below, in order (bash). Safe to run again. |\n",
            layout::SETUP_SH
        ));
        o.push_str(&format!(
            "| `{}` | The same steps for PowerShell. |\n",
            layout::SETUP_PS1
        ));
    }
    if a.outputs.terraform {
        o.push_str("| `terraform/` | The same setup as a Terraform root module (azurerm and kubernetes providers): `versions.tf`, `variables.tf` (your answers as defaults), `main.tf` (Azure), `kubernetes.tf` (namespaces, ServiceAccounts, apps), `outputs.tf` (client IDs, issuer URL). See \"Apply it with Terraform\". |\n");
    }
    if a.outputs.bicep {
        o.push_str("| `bicep/` | The Azure half of the setup as Bicep: `main.bicep` (cluster, identities, federated credentials, role assignments), `main.bicepparam` (your answers as its parameters)");
        let modules = super::bicep::module_paths(a);
        if !modules.is_empty() {
            let names: Vec<String> = modules.iter().map(|m| md_code(m.trim_start_matches("bicep/"))).collect();
            o.push_str(&format!(", and {} for grants on resources outside the cluster's resource group", names.join(", ")));
        }
        o.push_str(". See \"Apply it with Bicep\". |\n");
    }
    for ns in &layout.namespaces {
        o.push_str(&format!(
            "| {} | Namespace {}. |\n",
            md_code(&ns.path),
            md_code(&ns.namespace)
        ));
    }
    for (i, f) in layout.workloads.iter().enumerate() {
        o.push_str(&format!(
            "| {} | ServiceAccount of workload {}; its client-id annotation is filled in by setup. |\n",
            md_code(&f.service_account),
            i + 1
        ));
        o.push_str(&format!(
            "| {} | The app of workload {}. |\n",
            md_code(&f.workload),
            i + 1
        ));
    }
    for rb in &layout.pipeline_role_bindings {
        o.push_str(&format!(
            "| {} | The deploy pipeline's right to deploy into namespace {}; setup adds the identity to it. |\n",
            md_code(&rb.path),
            md_code(&rb.namespace)
        ));
    }
    if a.pipeline.is_some() {
        o.push_str(&format!(
            "| `{}` | The deploy pipeline's GitHub Actions workflow; setup writes the identity's client ID into it. |\n",
            layout::WORKFLOW_YML
        ));
    }
    if a.workshop.is_some() {
        o.push_str(&format!(
            "| `{}` | The trainer sheet and one printable page per participant (open it in a browser and print). |\n",
            layout::HANDOUTS_HTML
        ));
    }
    o.push_str(&format!(
        "| `{}` | Read-only checks once setup has run. |\n",
        layout::VERIFY_SH
    ));
    o.push_str(&format!(
        "| `{}` | Removes what setup created, asking before anything big. |\n",
        layout::TEARDOWN_SH
    ));
    o.push_str(&format!(
        "| `{}` | Your answers; load them into the wizard to change something. |\n",
        layout::ANSWERS_YAML
    ));

    o.push_str("\n## Before you start\n\n");
    o.push_str("- Azure CLI 2.47 or newer (workload identity needs it), plus `kubectl` and `kubelogin`: `az aks install-cli` installs both.\n");
    o.push_str(&format!(
        "- Sign in to the right cloud and tenant: {} and then {}.\n",
        md_code(&format!(
            "az cloud set --name {}",
            catalog::cloud_cli_name(a.tenant.cloud)
        )),
        md_code(&format!(
            "az login --tenant {}",
            super::quote::sh(&a.tenant.tenant_id)
        ))
    ));
    o.push_str(&format!("- {}\n", catalog::ROLE_ASSIGNMENT_RIGHTS));
    if !a.admin.admin_group_object_ids.is_empty() {
        o.push_str(
            "- To run the `kubectl` steps you must be a member of one of the admin groups above.\n",
        );
    }
    if a.workloads.iter().flat_map(|w| &w.grants).any(|g| {
        matches!(
            g.target,
            crate::answers::TargetKind::KeyVaultSecrets
                | crate::answers::TargetKind::KeyVaultKeys
                | crate::answers::TargetKind::KeyVaultCertificates
        )
    }) {
        o.push_str("- Key Vaults must use the Azure RBAC permission model (the default for new vaults). With the older access policies, role assignments are ignored.\n");
    }
    if a.workloads.iter().flat_map(|w| &w.grants).any(|g| {
        catalog::target(g.target).method == AssignmentMethod::CosmosSql
    }) {
        o.push_str("- Cosmos DB grants are Cosmos DB SQL role assignments, not Azure role assignments: creating them needs `Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write` on the account. Contributor and DocumentDB Account Contributor have it; User Access Administrator does not.\n");
    }
    if a.tenant.cloud != Cloud::AzureCloud {
        o.push_str("- National clouds: older workload identity documentation said federated credentials were not available there. Check that they are in your cloud before you rely on this setup.\n");
    }
    if c.mode == ClusterMode::Existing && !c.existing.oidc_issuer {
        o.push_str("- Turning on the OIDC issuer restarts the cluster's API server briefly. Pick a quiet moment.\n");
    }

    if a.outputs.terraform {
        terraform_section(&mut o, a);
    }
    if a.outputs.bicep {
        bicep_section(&mut o, a, layout);
    }

    o.push_str("\n## Run it\n\n");
    if !a.outputs.scripts() {
        o.push_str("This bundle was generated without the setup scripts; choose them in the wizard (or `outputs` in answers.yaml) to get `setup.sh` and `setup.ps1`. The steps below are what they would run.\n\n");
    }
    o.push_str(&md_block("bash", "./setup.sh\n"));
    o.push_str("\nor, in PowerShell:\n\n");
    o.push_str(&md_block("powershell", "./setup.ps1\n"));
    o.push_str("\nIf PowerShell refuses to run a downloaded script, run `Unblock-File ./setup.ps1` once first. The checks and the clean-up below (`verify.sh`, `teardown.sh`) exist for bash only: on Windows, run them from WSL, Git Bash or Azure Cloud Shell.\n");
    o.push_str("\nThe script stops at the first error. Fix the cause and run it again: every step creates what is missing or updates what is there, and the cluster is read first so that only the settings it lacks are sent.\n");

    o.push_str("\n## What each step does, and why\n");
    o.push_str("\nThe commands below are the ones `setup.sh` runs, with your values filled in. Values that only exist once an earlier step has run (the issuer URL, the identities' IDs) are shown as `$NAME`.\n");
    steps_section(&mut o, p);

    o.push_str("\n## Check it\n\n");
    o.push_str("Give new role assignments up to 10 minutes, then run:\n\n");
    o.push_str(&md_block("bash", "./verify.sh\n"));
    o.push_str("\nIt changes nothing in Azure. For each workload it checks that the federated credential names the cluster's exact issuer URL and the ServiceAccount's exact subject (a mismatch there is what produces `AADSTS70021: No matching federated identity record found`), that the ServiceAccount's annotation holds the identity's client ID, that each role assignment exists at its scope, that the running pod received the variables the webhook injects and has not restarted, and then it starts a short-lived pod (`k8s/*.identity-check.yaml`) that signs in as the identity, tries each grant once and is removed again.\n");

    if let Some(pl) = &a.pipeline {
        pipeline_section(&mut o, a, pl);
    }

    o.push_str("\n## Undo it\n\n");
    o.push_str(&md_block("bash", "./teardown.sh\n"));
    o.push_str("\nIt removes the apps and ServiceAccounts, then each identity's role assignments, federated credential and identity, in the reverse order of setup. ");
    match c.mode {
        ClusterMode::New => o.push_str("It asks before deleting a namespace, the cluster or the resource group; answer no to keep them.\n"),
        ClusterMode::Existing => o.push_str("It asks before deleting a namespace, and it never deletes your existing cluster. Entra ID and the OIDC issuer stay on: they cannot be switched off.\n"),
    }
    o.push_str("\nTo apply the manifests without `setup.sh`, put the identity's client ID into the ServiceAccount first, for example:\n\n");
    if let Some(f) = layout.workloads.first() {
        o.push_str(&md_block(
            "bash",
            &format!(
                "kubectl annotate --local -f {} --overwrite --output yaml \\\n  azure.workload.identity/client-id=\"$CLIENT_ID\" | kubectl apply -f -\n",
                super::quote::sh(&f.service_account)
            ),
        ));
    }

    o.push_str("\n## Common advice that is wrong or incomplete\n\n");
    o.push_str("Much of what is written about this setup predates the current workload identity. These points are what the generated files do differently, and why.\n\n");
    o.push_str("1. **\"Entra ID must be chosen when the cluster is created.\"** Not so: `az aks update --enable-aad` adds managed Entra ID to a running cluster. What you cannot do is switch it off again, and the same holds for the OIDC issuer.\n");
    o.push_str("2. **\"A webhook swaps the Kubernetes token for an Entra ID token.\"** The webhook only acts when a pod is created: it adds environment variables and mounts a short-lived ServiceAccount token. Your app's Azure Identity library (`DefaultAzureCredential` or `WorkloadIdentityCredential`) sends that token to Entra ID, which checks it against the cluster's OIDC issuer and returns an access token. Nothing inside the cluster does the exchange.\n");
    o.push_str("3. **\"Set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE in the pod.\"** Don't. The webhook sets all of them (and `AZURE_AUTHORITY_HOST`), but it never overwrites a variable that is already there, so a hand-written value wins even when it is wrong. The token file's path has changed between webhook versions; code should read `$AZURE_FEDERATED_TOKEN_FILE`, never a fixed path. What a pod needs is the label `azure.workload.identity/use: \"true\"` on the pod itself (not on the ServiceAccount) and a `serviceAccountName` whose ServiceAccount carries the client-id annotation.\n");
    o.push_str("4. **The OIDC issuer and the federated credential are left out.** Both are required. Without `--enable-oidc-issuer` the CLI will not even enable workload identity, and without a federated credential whose issuer and subject match exactly, every sign-in fails with AADSTS70021.\n");
    o.push_str("5. **Smaller traps.** The ServiceAccount annotation takes the identity's *client ID*; role assignments take its *principal (object) ID*. Keep the issuer URL's trailing slash. Create federated credentials on one identity one at a time (parallel writes get 409 Conflict), and at most 20 per identity. Role assignments can take up to 10 minutes to apply. In code, ask for tokens with `.default` scopes (for example `https://storage.azure.com/.default`), and use a recent Azure Identity library (for example Python azure-identity 1.13, .NET Azure.Identity 1.9, Java 1.9, Go azidentity 1.3, Node 3.2 or newer).\n");
    o.push_str("6. **Least privilege.** Each identity gets data roles only, on the narrowest scope the wizard could build, and the cluster's own identity gets nothing but AcrPull on the registry you named. Broad roles such as Contributor on a subscription are exactly what this setup avoids.\n");
    o
}

/// How the deploy pipeline signs in and what it may do, in plain words, and how to put it to work.
/// How to apply the `terraform/` folder, and what it cannot do that the scripts do.
fn terraform_section(o: &mut String, a: &Answers) {
    o.push_str("\n## Apply it with Terraform\n\n");
    o.push_str("The `terraform/` folder describes the same identities, federated credentials, role assignments, ServiceAccounts and apps as `setup.sh`, with the same names, subjects and scopes, for teams that keep their infrastructure in Terraform (1.5 or newer; azurerm provider 4.x, kubernetes provider 2.x). It signs in as your Azure CLI session and reaches the cluster through Entra ID with `kubelogin`, so sign in first as under \"Before you start\".\n\n");
    match a.cluster.mode {
        ClusterMode::New => {
            o.push_str("The kubernetes provider needs the cluster before it can plan anything inside it, so the first apply creates the cluster alone:\n\n");
            o.push_str(&md_block("bash", "cd terraform\nterraform init\nterraform apply -target=azurerm_kubernetes_cluster.this\nterraform plan -out=tfplan\nterraform apply tfplan\n"));
        }
        ClusterMode::Existing => {
            o.push_str(&md_block("bash", "cd terraform\nterraform init\nterraform plan -out=tfplan\nterraform apply tfplan\n"));
            o.push_str("\n**What Terraform does not do for an existing cluster.** The module only reads your cluster (a data source). It does not switch on managed Entra ID, Azure RBAC, the OIDC issuer or workload identity, does not turn off local accounts, and does not set the admin groups: changing an existing cluster's settings from Terraform means importing the whole cluster into Terraform's state (an `import` block for `azurerm_kubernetes_cluster`) and declaring all of it, which this module does not attempt. Switch those settings on with `az aks update` (the step \"Bring the cluster's settings up to date\" below; `setup.sh` sends only the flags the cluster lacks). The module stops before creating anything when the cluster has no OIDC issuer.\n");
        }
    }
    o.push_str("\nThe module holds no secret. Its state does hold what the provider reads from the cluster, such as its kubeconfig: keep the state where only the people who run it can read it.\n");
    if a.workloads.iter().flat_map(|w| &w.grants).any(|g| catalog::target(g.target).method == AssignmentMethod::SqlTsql) {
        o.push_str("\nAzure SQL access is granted inside the database with T-SQL, which Terraform does not run: the statements are in the step \"grant access\" below.\n");
    }
    if a.pipeline.is_some() {
        o.push_str(&format!(
            "\nThe deploy pipeline's workflow needs its identity's client ID, which exists only after the apply: put the value of `terraform output -raw pipeline_client_id` into `{}` at `{}` (`setup.sh` does this for you).\n",
            layout::WORKFLOW_YML,
            super::workflow::CLIENT_ID_KEY
        ));
    }
    if a.workshop.is_some() {
        o.push_str("\n**Participants' own access is not in the module.** Each participant's copy of the apps is, but the rights that let a participant into their namespace (their sign-in names are looked up in Entra ID, which needs another provider) come from `setup.sh`'s step \"Workshop: let each participant into their own namespace\": run that step, or the whole script, after the apply.\n");
    }
    o.push_str("\n`verify.sh` checks the result the same way whichever form created it: it reads Azure and the cluster, not Terraform's state. `terraform destroy` removes what the module created (an existing cluster stays).\n");
}

/// How to deploy the `bicep/` folder, then the Kubernetes objects, and what Bicep does not do.
fn bicep_section(o: &mut String, a: &Answers, layout: &Layout) {
    use super::quote::sh;
    o.push_str("\n## Apply it with Bicep\n\n");
    o.push_str("The `bicep/` folder describes the same Azure resources as `setup.sh`: the identities, federated credentials and role assignments, with the same names, subjects and scopes, for teams that deploy with Bicep (Azure CLI 2.53 or newer, which installs the Bicep CLI itself). Role assignments are named `guid(scope, identity, role)`, so deploying again updates them instead of adding more. Bicep creates no Kubernetes objects: the namespaces, ServiceAccounts and apps stay in `k8s/`, applied with `kubectl` after the deployment, in the order `setup.sh` uses.\n\n");
    let rg = sh(&a.cluster.resource_group);
    let mut cmds = String::new();
    if a.cluster.mode == ClusterMode::New {
        cmds.push_str(&format!("az group create --name {rg} --location {}\n", sh(&a.tenant.location)));
    }
    cmds.push_str(&format!(
        "az deployment group create --name aks-identity-wizard --resource-group {rg} \\\n  --template-file bicep/main.bicep --parameters bicep/main.bicepparam\n"
    ));
    o.push_str(&md_block("bash", &cmds));
    if a.cluster.mode == ClusterMode::Existing {
        o.push_str("\n**What Bicep does not change on an existing cluster.** `main.bicep` only refers to your cluster (an `existing` reference). It does not switch on managed Entra ID, Azure RBAC, the OIDC issuer or workload identity, does not turn off local accounts and does not set the admin groups: declaring the cluster in Bicep would mean declaring all of its settings, and a deployment would reset what the file leaves out. Switch those settings on with `az aks update` first (the step \"Bring the cluster's settings up to date\" below; `setup.sh` sends only the flags the cluster lacks). Without the OIDC issuer the federated credentials have no issuer to name and the deployment fails.\n");
    }
    let other = super::bicep::module_paths(a);
    if !other.is_empty() {
        o.push_str("\nSome grants are on resources outside the cluster's resource group: those go through the modules next to `main.bicep` (Bicep deploys a resource only where its file is deployed), so whoever deploys also needs the right to create role assignments there.\n");
    }
    o.push_str("\nThen the Kubernetes objects. Get the cluster's credentials, put each identity's client ID (a deployment output) into its ServiceAccount, and apply the apps after their ServiceAccounts (the webhook reads the annotation only when a pod is created):\n\n");
    let mut k = String::new();
    k.push_str(&format!("az aks get-credentials --resource-group {rg} --name {}\n", sh(&a.cluster.name)));
    k.push_str("kubelogin convert-kubeconfig -l azurecli\n");
    for ns in &layout.namespaces {
        k.push_str(&format!("kubectl apply -f {}\n", sh(&ns.path)));
    }
    let owners: Vec<usize> = a
        .workloads
        .iter()
        .map(|w| a.workloads.iter().position(|o| o.identity_name == w.identity_name).unwrap_or(0))
        .collect();
    for (i, f) in layout.workloads.iter().enumerate() {
        k.push_str(&format!(
            "CLIENT_ID=\"$(az deployment group show --resource-group {rg} --name aks-identity-wizard --query properties.outputs.w{}ClientId.value --output tsv)\"\n",
            owners[i] + 1
        ));
        k.push_str(&format!(
            "kubectl annotate --local -f {} --overwrite --output yaml \\\n  azure.workload.identity/client-id=\"$CLIENT_ID\" | kubectl apply -f -\n",
            sh(&f.service_account)
        ));
        k.push_str(&format!("kubectl apply -f {}\n", sh(&f.workload)));
    }
    o.push_str(&md_block("bash", &k));
    if !layout.pipeline_role_bindings.is_empty() {
        o.push_str("\nThe pipeline's RoleBindings (`k8s/*.pipeline-rolebinding.yaml`) name its identity by principal ID: the deployment output `pipelinePrincipalId`. `setup.sh` fills it in; by hand, replace the placeholder in each file with that value before `kubectl apply -f`.\n");
    }
    if a.pipeline.is_some() {
        o.push_str(&format!(
            "\nThe deploy pipeline's workflow needs its identity's client ID, the deployment output `pipelineClientId`: put it into `{}` at `{}` (`setup.sh` does this for you).\n",
            layout::WORKFLOW_YML,
            super::workflow::CLIENT_ID_KEY
        ));
    }
    if a.workloads.iter().flat_map(|w| &w.grants).any(|g| catalog::target(g.target).method == AssignmentMethod::SqlTsql) {
        o.push_str("\nAzure SQL access is granted inside the database with T-SQL, which Bicep does not run: the statements are in the step \"grant access\" below.\n");
    }
    if a.workshop.is_some() {
        o.push_str("\n**Participants' own access is not in the Bicep.** Each participant's copy of the apps is, but the rights that let a participant into their namespace (their sign-in names are looked up in Entra ID first) come from `setup.sh`'s step \"Workshop: let each participant into their own namespace\": run that step, or the whole script, after the deployment.\n");
    }
    o.push_str("\nThe files hold no secret. Two scopes are no Azure Resource Manager resources, a Kubernetes namespace (`<cluster>/namespaces/<name>`) and a Key Vault certificate: Bicep warns that it has no type for them (BCP081) and deploys all the same, as the reference only builds the scope's ID. Do not mix forms for one setup: an assignment `setup.sh` made has another name, so Azure refuses the same assignment from Bicep (RoleAssignmentExists) until one of them is removed.\n");
    o.push_str("\n`verify.sh` checks the result the same way whichever form created it: it reads Azure and the cluster, not the deployment.\n");
}

fn pipeline_section(o: &mut String, a: &crate::answers::Answers, pl: &crate::answers::Pipeline) {
    o.push_str("\n## The deploy pipeline\n\n");
    o.push_str(&format!(
        "The workflow {} deploys the apps from GitHub Actions without any stored secret. When it runs, GitHub gives the job a short-lived token saying which repository and which environment (or branch or tag) it runs for. Entra ID gives it an access token of the pipeline's managed identity {} in exchange, but only if it matches the identity's federated credential letter for letter:\n\n",
        md_code(layout::WORKFLOW_YML),
        md_code(&pl.identity_name)
    ));
    o.push_str(&format!("- issuer {}\n", md_code(catalog::GITHUB_ISSUER)));
    o.push_str(&format!("- subject {}\n", md_code(&catalog::github_subject(pl))));
    o.push_str(&format!("- audience {}\n\n", md_code(catalog::FEDERATED_CREDENTIAL_AUDIENCE)));
    if pl.environment.is_empty() {
        o.push_str("So only a run for exactly that branch or tag can sign in; a run for a pull request, a fork or another branch presents another subject and is refused.\n\n");
    } else {
        o.push_str(&format!(
            "So only a job that runs in the environment {} of that repository can sign in. GitHub creates the environment on the first run; in the repository's settings you can then require a reviewer or limit which branches may deploy to it. A run for a pull request or a fork presents another subject and is refused.\n\n",
            md_code(&pl.environment)
        ));
    }
    o.push_str(&format!(
        "What the identity may do: fetch the cluster's user kubeconfig ({}), which grants nothing inside the cluster by itself; ",
        md_code(catalog::CLUSTER_USER_ROLE)
    ));
    if a.admin.azure_rbac {
        o.push_str(&format!(
            "and {} in each of its namespaces, as Azure role assignments scoped to the namespace alone. ",
            md_code(&pl.deploy_role)
        ));
    } else {
        o.push_str(&format!(
            "and the Kubernetes ClusterRole {} in each of its namespaces, through a RoleBinding there (`k8s/*.pipeline-rolebinding.yaml`). Entra ID identities reach Kubernetes as the user named by their object ID, so setup puts that ID into each binding. ",
            md_code(plan::pipeline_cluster_role(pl))
        ));
    }
    if pl.push_images && !a.cluster.acr_name.is_empty() {
        o.push_str(&format!("It may also push images to the registry {} (AcrPush), and nothing else there. ", md_code(&a.cluster.acr_name)));
    }
    o.push_str("It cannot create namespaces, change roles or touch any other namespace, so the workflow applies only the apps' own manifests; setup keeps the namespaces and ServiceAccounts.\n\n");
    o.push_str("To put it to work:\n\n");
    o.push_str("1. Run `setup.sh` (or `setup.ps1`). Its last step writes the identity's client ID into the workflow; the client ID is not a secret.\n");
    o.push_str(&format!(
        "2. Commit {} and the `k8s/` folder to the root of {}.\n",
        md_code(layout::WORKFLOW_YML),
        md_code(&pl.repository)
    ));
    let when = match pl.trigger {
        crate::answers::PipelineTrigger::Tag => format!("push a tag matching {}", md_code(&pl.ref_pattern)),
        _ => format!("push to {}", md_code(&pl.ref_pattern)),
    };
    o.push_str(&format!("3. The workflow runs when you {when}. A failed Azure sign-in that mentions AADSTS70021 means the subject did not match: check the repository's exact name and letter case, and that the job runs in the environment above.\n"));
    o.push_str("\nIf your organization customizes the subject of GitHub's tokens (an OIDC subject template), the subject above will not match; change the federated credential to the customized form.\n");
}

#[cfg(test)]
mod tests {
    use crate::answers::Answers;

    fn readme(a: &Answers) -> String {
        crate::generate::render_unchecked(a).into_iter().find(|f| f.path == "README.md").map(|f| f.contents).unwrap_or_default()
    }

    #[test]
    fn without_admin_groups_the_advice_fits_the_authorization_mode() {
        let mut a = Answers::default();
        a.admin.admin_group_object_ids.clear();
        assert!(readme(&a).contains("give people Azure roles on the cluster"));
        a.admin.azure_rbac = false;
        let text = readme(&a);
        assert!(!text.contains("give people Azure roles on the cluster"), "{text}");
        assert!(text.contains("nobody is a cluster admin through Entra ID"));
    }
}
