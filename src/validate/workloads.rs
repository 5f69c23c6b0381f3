//! Rules for the workloads step: each workload's names, and what workloads must not share.

use super::fields::name;
use super::{wpath, Edit, Findings, Fix, Severity::*};
use crate::answers::{AccessGrant, Answers, Workload};
use crate::catalog::{self, names::NameRule};
use crate::yaml::{self, NotText};

/// Azure resource names are case-insensitive, so identity names are compared that way.
fn same_identity(a: &Workload, b: &Workload) -> bool {
    a.identity_name.eq_ignore_ascii_case(&b.identity_name)
}

/// A valid name built from `base` that `taken` does not hold: `base`, `base-2`, `base-3`, ...
/// The base is cleaned up to the rule first and shortened so the suffix fits.
pub(super) fn unique_name(base: &str, rule: NameRule, fallback: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    let base = if rule.check(base) { Some(base.to_string()) } else { rule.sanitize(base) };
    let base = base.unwrap_or_else(|| fallback.to_string());
    (1..1000).find_map(|n| {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let room = rule.max_len().saturating_sub(suffix.len());
        let head: String = base.chars().take(room).collect();
        let head = head.trim_end_matches(['-', '_', '.']);
        let candidate = format!("{head}{suffix}");
        (rule.check(&candidate) && !taken(&candidate)).then_some(candidate)
    })
}

/// A new identity name for workload `i` that no other workload uses.
fn fresh_identity(a: &Answers, i: usize) -> Option<String> {
    let app = a.workloads.get(i).map(|w| w.app_name.as_str()).unwrap_or("app");
    unique_name(&format!("id-{app}"), NameRule::ManagedIdentity, "id-app", |c| {
        a.workloads.iter().any(|w| w.identity_name.eq_ignore_ascii_case(c))
            || c.eq_ignore_ascii_case(&catalog::kubelet_identity_name(&a.cluster.name))
    })
}

/// A ServiceAccount name for workload `i` that is free in its namespace.
fn fresh_service_account(a: &Answers, i: usize) -> Option<String> {
    let w = a.workloads.get(i)?;
    unique_name(&w.app_name, NameRule::DnsSubdomain, "app", |c| {
        a.workloads.iter().enumerate().any(|(k, o)| k != i && o.namespace == w.namespace && o.service_account == c)
    })
}

pub(super) fn check(a: &Answers, out: &mut Findings) {
    if a.workloads.is_empty() {
        out.push(
            Error,
            "workloads.empty",
            "workloads",
            "There is no workload yet: add at least one app that needs access to Azure.",
            "Workload identity is set up per app; without an app there is nothing to give an identity to.",
            Some(Fix { label: "Add an example workload".into(), edit: Edit::AddWorkload }),
        );
    }
    for (i, w) in a.workloads.iter().enumerate() {
        one(a, i, w, out);
    }
    shared(a, out);
}

/// A value that lands bare in a manifest must come back as text from kubectl, which reads YAML 1.1:
/// `yes`, `no`, `on`, `off`, `y` and `n` pass every Kubernetes name rule but are booleans there, and
/// the YAML writer (1.2) leaves them unquoted. `fix` is the value offered instead.
pub(super) fn manifest_text(out: &mut Findings, field: &str, label: &str, value: &str, fix: String) {
    let Some(kind) = yaml::yaml11_misreads(value) else { return };
    let (reads_as, why) = match kind {
        NotText::Boolean => (
            "true or false",
            "kubectl reads manifests by YAML 1.1 rules, where yes, no, on, off, y and n mean true or false, so it would refuse the manifest.",
        ),
        NotText::Number => ("a number", "kubectl reads manifests by YAML 1.1 rules, where this is a number, so it would refuse the manifest."),
    };
    out.push(
        Error,
        "manifest.not_text",
        field,
        format!("kubectl would read the {label} '{value}' as {reads_as}, not as text: use '{fix}'."),
        why,
        Fix::set(format!("Use '{fix}'"), field, fix),
    );
}

fn one(a: &Answers, i: usize, w: &Workload, out: &mut Findings) {
    let names = [
        ("app_name", "app_name.invalid", "app name", &w.app_name, NameRule::DnsLabel, "app",
            "The app name becomes the Kubernetes object, label and container name, which allow only these characters."),
        ("namespace", "namespace.invalid", "namespace", &w.namespace, NameRule::DnsLabel, "ns",
            "Kubernetes namespace names are DNS labels."),
        ("service_account", "service_account.invalid", "ServiceAccount name", &w.service_account, NameRule::DnsSubdomain, "sa",
            "Kubernetes ServiceAccount names are DNS subdomains."),
    ];
    for (field, id, label, value, rule, suffix, why) in names {
        name(out, id, &wpath(i, field), label, value, rule, why);
        // Only once the name itself is valid, so a field shows one problem at a time.
        if rule.check(value) {
            manifest_text(out, &wpath(i, field), label, value, format!("{value}-{suffix}"));
        }
    }
    name(out, "identity_name.invalid", &wpath(i, "identity_name"), "managed identity name", &w.identity_name,
        NameRule::ManagedIdentity, "Azure refuses managed identity names outside its rules.");
    name(out, "federated_credential_name.invalid", &wpath(i, "federated_credential_name"), "federated credential name",
        &w.federated_credential_name, NameRule::FederatedCredential,
        "Entra ID refuses federated credential names outside its rules, and the name cannot be changed later.");

    if let Some(problem) = image_problem(&w.image) {
        let repaired = repair_image(&w.image);
        let fix = (repaired != w.image && image_problem(&repaired).is_none())
            .then(|| Fix::set(format!("Use '{repaired}'"), wpath(i, "image"), repaired.clone()))
            .flatten();
        out.push(
            Error,
            "image.invalid",
            wpath(i, "image"),
            format!("The container image {problem}: write an image reference like mcr.microsoft.com/azure-cli:latest."),
            "Kubernetes pulls the image by this reference, and the container runtime refuses one that breaks its rules, so the pod never starts.",
            fix,
        );
    } else {
        // A bare name is an image on Docker Hub; the full reference is the same image, and has a `/`.
        manifest_text(out, &wpath(i, "image"), "container image", &w.image, format!("docker.io/library/{}", w.image));
    }

    if w.service_account == "default" {
        let fix = unique_name(&format!("{}-sa", w.app_name), NameRule::DnsSubdomain, "app-sa", |c| {
            c == "default" || a.workloads.iter().any(|o| o.namespace == w.namespace && o.service_account == c)
        })
        .and_then(|n| Fix::set(format!("Use '{n}'"), wpath(i, "service_account"), n));
        out.push(
            Warning,
            "service_account.default",
            wpath(i, "service_account"),
            format!(
                "The ServiceAccount is the namespace's 'default' one: give the app a ServiceAccount of its own, such as '{}-sa'.",
                w.app_name
            ),
            format!(
                "Every pod in {} that names no ServiceAccount runs as 'default', so each of them could then sign in as this identity and use its access.",
                w.namespace
            ),
            fix,
        );
    }

    // Workload identity does not reach kube-system, and kube-* names belong to Kubernetes.
    if w.namespace.starts_with("kube-") {
        let app_ns = NameRule::DnsLabel.sanitize(&w.app_name).or_else(|| NameRule::DnsLabel.check(&w.app_name).then(|| w.app_name.clone()));
        let target = app_ns.filter(|n| !n.starts_with("kube-")).unwrap_or_else(|| "apps".to_string());
        let fix = Fix::set(format!("Use the namespace '{target}'"), wpath(i, "namespace"), target.clone());
        if w.namespace == "kube-system" {
            out.push(
                Error,
                "namespace.system",
                wpath(i, "namespace"),
                "Apps cannot use workload identity in kube-system: put this app in its own namespace.",
                "AKS keeps kube-system for its own components, and the workload identity webhook does not change pods there, so the app would get no token.",
                fix,
            );
        } else {
            out.push(
                Warning,
                "namespace.reserved",
                wpath(i, "namespace"),
                format!("The namespace {} starts with 'kube-', which Kubernetes reserves for itself: use a namespace of your own.", w.namespace),
                "Kubernetes and AKS treat kube-* namespaces as system space; apps there may be handled differently or removed by upgrades.",
                fix,
            );
        }
    }

    if w.identity_name.eq_ignore_ascii_case(&catalog::kubelet_identity_name(&a.cluster.name)) {
        out.push(
            Error,
            "identity.cluster_identity",
            wpath(i, "identity_name"),
            format!("'{}' is the cluster's own (kubelet) identity: give the app an identity of its own.", w.identity_name),
            "Every node and every pod can use the cluster's identity, so data access granted to it would reach every workload in the cluster. It only ever gets AcrPull for image pulls.",
            fresh_identity(a, i).and_then(|n| Fix::set(format!("Use '{n}'"), wpath(i, "identity_name"), n)),
        );
    }

    if w.grants.is_empty() {
        out.push(
            Info,
            "workload.no_grants",
            wpath(i, "grants"),
            "This app has no access yet: add what it needs on the Access step.",
            "The identity can sign in, but without a role on some resource it can reach nothing.",
            None,
        );
    }
}

/// What a container runtime would refuse in an image reference (`[domain/]path[:tag][@digest]`, the
/// grammar of distribution/reference), in words that fit "The container image ...", or None.
fn image_problem(image: &str) -> Option<String> {
    if image.is_empty() {
        return Some("is empty".into());
    }
    if image.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains spaces".into());
    }
    let (name_tag, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let ok = d.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
        if !ok {
            return Some(format!("has '{d}' after '@', where a digest belongs: sha256: followed by 64 lowercase hex digits"));
        }
    }
    let (name, tag) = split_tag(name_tag);
    if let Some(t) = tag {
        if t.is_empty() {
            return Some("ends its name with ':' but has no tag after it".into());
        }
        let ok = t.len() <= 128
            && t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !ok {
            return Some(format!("has the tag '{t}', which may hold only letters, digits, '_', '.' and '-'"));
        }
    }
    let (_, path) = split_domain(name);
    if path.is_empty() || !path.split('/').all(path_component_ok) {
        return Some(if path.chars().any(|c| c.is_ascii_uppercase()) {
            format!("has uppercase letters in its repository path '{path}', which must be lowercase")
        } else {
            format!("has the repository path '{path}', which may hold only lowercase letters, digits, '.', '_' and '-' between '/'")
        });
    }
    None
}

/// `name[:tag]`: the tag is after the last ':' that follows the last '/' (a ':' before it is a port).
fn split_tag(name_tag: &str) -> (&str, Option<&str>) {
    let slash = name_tag.rfind('/').map_or(0, |k| k + 1);
    match name_tag[slash..].rfind(':') {
        Some(k) => (&name_tag[..slash + k], Some(&name_tag[slash + k + 1..])),
        None => (name_tag, None),
    }
}

/// `[domain/]path`: the first part is a registry host when it has a '.' or ':' or is localhost.
fn split_domain(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((d, rest)) if d.contains(['.', ':']) || d == "localhost" => (Some(d), rest),
        _ => (None, name),
    }
}

fn path_component_ok(c: &str) -> bool {
    let alnum = |ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit();
    c.starts_with(alnum) && c.ends_with(alnum) && c.chars().all(|ch| alnum(ch) || matches!(ch, '.' | '_' | '-'))
}

/// The obvious repair: trimmed, the repository path lowercased, an empty tag dropped.
fn repair_image(image: &str) -> String {
    let t = image.trim();
    let (name_tag, digest) = match t.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (t, None),
    };
    let (name, tag) = split_tag(name_tag);
    let (domain, path) = split_domain(name);
    let mut out = domain.map(|d| format!("{d}/")).unwrap_or_default();
    out.push_str(&path.to_ascii_lowercase());
    if let Some(tag) = tag.filter(|t| !t.is_empty()) {
        out.push(':');
        out.push_str(tag);
    }
    if let Some(d) = digest {
        out.push('@');
        out.push_str(d);
    }
    out
}

/// Grants compared as sets, ignoring order.
fn same_access(a: &[AccessGrant], b: &[AccessGrant]) -> bool {
    a.iter().all(|g| b.contains(g)) && b.iter().all(|g| a.contains(g))
}

/// Rules between workloads. Each problem is reported once, on the later workload.
fn shared(a: &Answers, out: &mut Findings) {
    let ws = &a.workloads;
    for (j, w) in ws.iter().enumerate() {
        let earlier = &ws[..j];
        let same_sa = earlier.iter().position(|o| o.namespace == w.namespace && o.service_account == w.service_account);
        if let Some(k) = same_sa {
            let fix = fresh_service_account(a, j).and_then(|n| Fix::set(format!("Use '{n}'"), wpath(j, "service_account"), n));
            if same_identity(&ws[k], w) {
                out.push(
                    Error,
                    "federated_credential.duplicate_subject",
                    wpath(j, "service_account"),
                    format!(
                        "Workload {} already uses ServiceAccount {}/{} with the same identity: give this one its own ServiceAccount.",
                        k + 1, w.namespace, w.service_account
                    ),
                    "A federated credential is keyed by issuer and subject (the namespace and ServiceAccount); Entra ID refuses a second identical one on the same identity.",
                    fix,
                );
            } else {
                out.push(
                    Error,
                    "service_account.conflict",
                    wpath(j, "service_account"),
                    format!(
                        "ServiceAccount {}/{} is already used by workload {} with another identity: give this one its own ServiceAccount.",
                        w.namespace, w.service_account, k + 1
                    ),
                    "A ServiceAccount carries exactly one identity's client ID, so two identities cannot share it.",
                    fix,
                );
            }
        }

        let same_fic = earlier.iter().position(|o| {
            same_identity(o, w) && o.federated_credential_name.eq_ignore_ascii_case(&w.federated_credential_name)
        });
        if let Some(k) = same_fic {
            let fix = unique_name(&format!("fic-{}", w.app_name), NameRule::FederatedCredential, "fic-app", |c| {
                ws.iter().enumerate().any(|(m, o)| m != j && same_identity(o, w) && o.federated_credential_name.eq_ignore_ascii_case(c))
            })
            .and_then(|n| Fix::set(format!("Use '{n}'"), wpath(j, "federated_credential_name"), n));
            out.push(
                Error,
                "federated_credential.duplicate_name",
                wpath(j, "federated_credential_name"),
                format!(
                    "Workload {} already uses the federated credential name {} on the same identity: pick another name.",
                    k + 1, w.federated_credential_name
                ),
                "Federated credential names are unique per identity; the second create would fail.",
                fix,
            );
        }

        if let Some(k) = earlier.iter().position(|o| o.namespace == w.namespace && o.app_name == w.app_name) {
            let fix = unique_name(&w.app_name, NameRule::DnsLabel, "app", |c| {
                ws.iter().enumerate().any(|(m, o)| m != j && o.namespace == w.namespace && o.app_name == c)
            })
            .and_then(|n| Fix::set(format!("Use '{n}'"), wpath(j, "app_name"), n));
            out.push(
                Error,
                "app_name.duplicate",
                wpath(j, "app_name"),
                format!("Workload {} already has the app name {} in namespace {}: pick another name.", k + 1, w.app_name, w.namespace),
                "Both apps would write the same Kubernetes objects, and the second would replace the first.",
                fix,
            );
        }

        // Sharing an identity: counted over all workloads that use it, reported on the later ones.
        let users = ws[..=j].iter().filter(|o| same_identity(o, w)).count();
        let rename = || fresh_identity(a, j).and_then(|n| Fix::set(format!("Give it its own identity '{n}'"), wpath(j, "identity_name"), n));
        if users > catalog::MAX_FEDERATED_CREDENTIALS_PER_IDENTITY {
            out.push(
                Error,
                "identity.too_many_credentials",
                wpath(j, "identity_name"),
                format!(
                    "The identity {} would need more than {} federated credentials: give this workload its own identity.",
                    w.identity_name,
                    catalog::MAX_FEDERATED_CREDENTIALS_PER_IDENTITY
                ),
                "Each workload sharing an identity adds one federated credential to it, and Entra ID allows at most 20 per identity.",
                rename(),
            );
        } else if let Some(k) = earlier.iter().position(|o| same_identity(o, w)) {
            if same_access(&ws[k].grants, &w.grants) {
                out.push(
                    Info,
                    "identity.shared",
                    wpath(j, "identity_name"),
                    format!("This workload shares the identity {} with workload {}; each gets its own federated credential.", w.identity_name, k + 1),
                    "Sharing is fine when the apps need the same access; give each app its own identity when they should be told apart in logs.",
                    None,
                );
            } else {
                out.push(
                    Warning,
                    "identity.shared_access_differs",
                    wpath(j, "identity_name"),
                    format!(
                        "This workload shares the identity {} with workload {} but asks for different access: give it its own identity.",
                        w.identity_name, k + 1
                    ),
                    "Roles belong to the identity, so every app that uses it gets all the access granted to any of them.",
                    rename(),
                );
            }
        }
    }
}
