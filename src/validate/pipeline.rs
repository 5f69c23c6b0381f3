//! Rules for the deploy pipeline: its names, whether the subject its federated credential trusts can
//! match what the workflow runs on, and the least privilege of what it may do.

use super::fields::name;
use super::workloads::{manifest_text, unique_name};
use super::{Edit, Findings, Fix, Severity::*};
use crate::answers::{Answers, Pipeline, PipelineTrigger};
use crate::catalog::{self, names::NameRule};

pub(super) fn check(a: &Answers, out: &mut Findings) {
    let Some(p) = &a.pipeline else { return };
    repository(p, out);
    trigger(p, out);
    identity(a, p, out);
    role(p, out);
    namespaces(a, p, out);
    if p.push_images && a.cluster.acr_name.is_empty() {
        out.push(
            Error,
            "pipeline.no_registry",
            "pipeline.push_images",
            "The pipeline pushes images, but no container registry is named on the Cluster step: name the registry, or let the pipeline only deploy.",
            "AcrPush is given on the cluster's registry only; without one there is nowhere to push to.",
            Fix::set("Only deploy, push no images", "pipeline.push_images", "false"),
        );
    }
}

fn repository_ok(r: &str) -> bool {
    r.split_once('/').is_some_and(|(owner, repo)| {
        NameRule::GitHubOwner.check(owner) && NameRule::GitHubRepository.check(repo) && repo != "." && repo != ".."
    })
}

/// OWNER/NAME from what people paste: a clone URL, a browser address, spaces around it.
fn clean_repository(r: &str) -> String {
    let mut t = r.trim();
    for prefix in ["https://", "http://", "git@github.com:", "www.", "github.com/"] {
        t = t.strip_prefix(prefix).unwrap_or(t);
    }
    let t = t.trim_end_matches('/');
    t.strip_suffix(".git").unwrap_or(t).to_string()
}

fn repository(p: &Pipeline, out: &mut Findings) {
    if repository_ok(&p.repository) {
        return;
    }
    let field = "pipeline.repository";
    let cleaned = clean_repository(&p.repository);
    let fix = (cleaned != p.repository && repository_ok(&cleaned)).then(|| Fix::set(format!("Use {cleaned}"), field, cleaned.clone())).flatten();
    let what = if p.repository.trim().is_empty() { "is empty".to_string() } else { format!("'{}' is not of the form OWNER/NAME", p.repository) };
    out.push(
        Error,
        "repository.invalid",
        field,
        format!("The GitHub repository {what}: write it as it follows github.com/ in the repository's address, such as contoso/shop."),
        "The federated credential names the repository exactly as GitHub writes it into the workflow's token; anything else never matches.",
        fix,
    );
}

/// What is wrong with a branch or tag filter, in words that fit "The branch ...", or None. Git's own
/// rules (git check-ref-format) narrowed to a plain alphabet, with GitHub's wildcards `*` and `?`.
fn ref_problem(r: &str) -> Option<&'static str> {
    if r.is_empty() {
        return Some("is empty");
    }
    if !r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '*' | '?')) {
        return Some("may hold only letters, digits, '.', '_', '-', '/' and the wildcards * and ?");
    }
    if r.starts_with(['/', '-', '.']) || r.ends_with(['/', '.']) || r.contains("..") || r.contains("//") || r.len() > 255 {
        return Some("cannot start with '/', '-' or '.', end with '/' or '.', hold '..' or '//', or be longer than 255 characters");
    }
    None
}

fn trigger(p: &Pipeline, out: &mut Findings) {
    let noun = match p.trigger {
        PipelineTrigger::Tag => "tag",
        _ => "branch",
    };
    if p.trigger == PipelineTrigger::PullRequest {
        out.push(
            Error,
            "pipeline.pull_request",
            "pipeline.trigger",
            "The workflow would deploy for pull requests: let it deploy from a branch or a tag instead.",
            "Anyone who can open a pull request could then run their own code with the pipeline's rights in the cluster.",
            Fix::set("Deploy from a branch", "pipeline.trigger", "branch"),
        );
    } else if let Some(problem) = ref_problem(&p.ref_pattern) {
        let example = if noun == "tag" { "v*" } else { "main" };
        out.push(
            Error,
            "ref_pattern.invalid",
            "pipeline.ref_pattern",
            format!("The {noun} the workflow runs on {problem}: write a name like {example}."),
            "The workflow's trigger and the federated credential's subject are built from it, and both must mean exactly the same ref.",
            p.ref_pattern.is_empty().then(|| Fix::set(format!("Use {example}"), "pipeline.ref_pattern", example)).flatten(),
        );
    } else if p.environment.is_empty() && !catalog::is_exact_ref(&p.ref_pattern) {
        out.push(
            Error,
            "pipeline.subject_never_matches",
            "pipeline.environment",
            format!(
                "The workflow runs for the {noun} pattern '{}', but the federated credential would have to name one exact {noun}: deploy through a GitHub environment such as 'production'.",
                p.ref_pattern
            ),
            "Entra ID compares the subject of GitHub's token with the credential's letter for letter, without wildcards. The token names the branch or tag that ran, never the pattern, so every sign-in would fail; with an environment the token names the environment.",
            Fix::set("Deploy through the environment 'production'", "pipeline.environment", "production"),
        );
    }
    if !p.environment.is_empty() {
        name(out, "environment.invalid", "pipeline.environment", "GitHub environment", &p.environment, NameRule::GitHubEnvironment,
            "The environment's name goes into the federated credential's subject and the workflow, which must agree exactly.");
    }
}

fn identity(a: &Answers, p: &Pipeline, out: &mut Findings) {
    let field = "pipeline.identity_name";
    name(out, "identity_name.invalid", field, "pipeline's managed identity name", &p.identity_name, NameRule::ManagedIdentity,
        "Azure refuses managed identity names outside its rules.");
    name(out, "federated_credential_name.invalid", "pipeline.federated_credential_name", "pipeline's federated credential name",
        &p.federated_credential_name, NameRule::FederatedCredential,
        "Entra ID refuses federated credential names outside its rules, and the name cannot be changed later.");
    let kubelet = catalog::kubelet_identity_name(&a.cluster.name);
    let same = |n: &str| n.eq_ignore_ascii_case(&p.identity_name);
    let other = if same(&kubelet) {
        Some("the cluster's own (kubelet) identity".to_string())
    } else {
        a.workloads.iter().position(|w| same(&w.identity_name)).map(|i| format!("the identity of workload {}", i + 1))
    };
    if let Some(other) = other {
        let fresh = unique_name("id-deploy", NameRule::ManagedIdentity, "id-deploy", |c| {
            c.eq_ignore_ascii_case(&kubelet) || a.workloads.iter().any(|w| w.identity_name.eq_ignore_ascii_case(c))
        });
        out.push(
            Error,
            "pipeline.identity_shared",
            field,
            format!("The pipeline's identity {} is also {other}: give the pipeline an identity of its own.", p.identity_name),
            "Roles belong to the identity, so the app would get the pipeline's right to deploy, and the pipeline the app's access.",
            fresh.and_then(|n| Fix::set(format!("Use '{n}'"), field, n)),
        );
    }
}

fn role(p: &Pipeline, out: &mut Findings) {
    let field = "pipeline.deploy_role";
    let writer = catalog::PIPELINE_DEPLOY_ROLE;
    let use_writer = || Fix::set(format!("Use {writer}"), field, writer);
    let given = p.deploy_role.as_str();
    let Some(r) = catalog::role_by_name(given) else {
        let exact = catalog::roles().iter().find(|r| r.name.eq_ignore_ascii_case(given.trim()));
        let what = if given.trim().is_empty() { "No deploy role is chosen".to_string() } else { format!("'{given}' is not a built-in role the wizard knows") };
        out.push(
            Error,
            "role.unknown",
            field,
            format!("{what}: use {writer}."),
            "Role names must match Azure's built-in names exactly, and the wizard can only judge the roles it knows.",
            match exact {
                Some(r) => Fix::set(format!("Use {}", r.name), field, r.name),
                None => use_writer(),
            },
        );
        return;
    };
    match catalog::cluster_role_for(r.name) {
        Some("edit") => {}
        Some("admin") => out.push(
            Warning,
            "pipeline.role_broad",
            field,
            format!("The role {} also lets the pipeline change roles and role bindings in its namespaces: {writer} is enough to deploy.", r.name),
            "With it, whoever takes over the pipeline could give other identities access to those namespaces.",
            use_writer(),
        ),
        Some(_) => out.push(
            Error,
            "pipeline.role_insufficient",
            field,
            format!("The role {} only lets the pipeline read: give it {writer}.", r.name),
            "The pipeline would sign in, but every kubectl apply would be refused.",
            use_writer(),
        ),
        None if catalog::CLUSTER_ADMIN_ROLES.contains(&r.name) => out.push(
            Error,
            "pipeline.cluster_admin",
            field,
            format!("The role {} makes the pipeline an administrator of the whole cluster: give it {writer} in its namespaces.", r.name),
            "A pipeline runs whatever its workflow and the code it checks out say; as cluster admin, one bad commit could change every namespace, read every secret and grant itself more.",
            use_writer(),
        ),
        None if r.privileged || r.can_assign_roles || r.name == catalog::AKS_CONTRIBUTOR_ROLE => out.push(
            Error,
            "pipeline.privileged",
            field,
            format!("The role {} manages Azure resources rather than deploying into the cluster: give the pipeline {writer} in its namespaces.", r.name),
            "Roles like Contributor and Owner reach far past deploying: they can change or delete the cluster and, while local accounts are on, fetch its admin kubeconfig; Owner can also hand out access.",
            use_writer(),
        ),
        None => out.push(
            Error,
            "pipeline.role_insufficient",
            field,
            format!("The role {} does not let the pipeline deploy into the cluster: give it {writer}.", r.name),
            "The pipeline would sign in, but every kubectl apply would be refused.",
            use_writer(),
        ),
    }
}

fn namespaces(a: &Answers, p: &Pipeline, out: &mut Findings) {
    let list = "pipeline.namespaces";
    let used = |ns: &str| a.workloads.iter().any(|w| w.namespace == ns);
    if p.namespaces.is_empty() {
        let fix = a.workloads.first().map(|w| Fix {
            label: format!("Deploy to '{}'", w.namespace),
            edit: Edit::SetTexts { list: list.into(), values: vec![w.namespace.clone()] },
        });
        out.push(
            Error,
            "pipeline.no_namespace",
            list,
            "The pipeline has no namespace to deploy into: add the namespace of your apps.",
            "The pipeline may deploy into its namespaces and nowhere else, so without one it can deploy nothing.",
            fix,
        );
    }
    let mut repeats = Vec::new();
    let mut unused = Vec::new();
    for (k, ns) in p.namespaces.iter().enumerate() {
        let field = format!("{list}[{k}]");
        if p.namespaces[..k].contains(ns) {
            repeats.push(field);
            continue;
        }
        name(out, "namespace.invalid", &field, "namespace", ns, NameRule::DnsLabel, "Kubernetes namespace names are DNS labels.");
        if !NameRule::DnsLabel.check(ns) {
            continue;
        }
        manifest_text(out, &field, "namespace", ns, format!("{ns}-ns"));
        if ns.starts_with("kube-") {
            // Every copy at once: a repeat left behind would move into this one's place.
            let copies = p.namespaces.iter().enumerate().filter(|(_, n)| *n == ns).map(|(j, _)| format!("{list}[{j}]")).collect();
            out.push(
                Error,
                "pipeline.namespace_system",
                &field,
                format!("The pipeline would deploy into {ns}, which belongs to Kubernetes and AKS: remove it."),
                "Rights in a kube-* namespace reach the cluster's own components, which is close to administering the cluster.",
                Some(Fix { label: format!("Remove '{ns}'"), edit: Edit::RemoveItems { fields: copies } }),
            );
        } else if !used(ns) {
            unused.push(ns.as_str());
        }
    }
    // One finding for the list, like the repeats: fixing them one by one would shift the indexes.
    if !unused.is_empty() {
        let keep: Vec<String> = p.namespaces.iter().filter(|n| used(n)).cloned().collect();
        let (label, values) = if keep.is_empty() {
            // None of them is used: the apps' own namespaces instead, as far as a pipeline may have them.
            let mut apps: Vec<String> = Vec::new();
            for w in a.workloads.iter().filter(|w| !w.namespace.starts_with("kube-")) {
                if !apps.contains(&w.namespace) {
                    apps.push(w.namespace.clone());
                }
            }
            (format!("Deploy to the apps' namespaces ({})", apps.join(", ")), apps)
        } else {
            (format!("Keep only {}", keep.join(", ")), keep)
        };
        let fix = (!values.is_empty()).then(|| Fix { label, edit: Edit::SetTexts { list: list.into(), values } });
        out.push(
            Warning,
            "pipeline.namespace_unused",
            list,
            format!("No workload runs in {}, yet the pipeline may deploy there: remove it, or use your apps' namespaces.", unused.join(", ")),
            "Each namespace is a right the pipeline holds; one that nothing uses is access nobody needs.",
            fix,
        );
    }
    if !repeats.is_empty() {
        out.push(
            Warning,
            "pipeline.namespace_duplicate",
            list,
            "A namespace is listed more than once: remove the repeats.",
            "A namespace listed twice grants nothing extra and makes the setup harder to read.",
            Some(Fix { label: "Remove the repeats".into(), edit: Edit::RemoveItems { fields: repeats } }),
        );
    }
}
