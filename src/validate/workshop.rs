//! Rules for a workshop: the template must give each participant their own namespace, identity and
//! data, the participants must be people Entra ID can find, and their own rights must stay inside
//! their namespace. Findings point at the template's fields (the ones the user edits); the rules on
//! names and roles run on the expanded answers, and `onto_template` maps those back.

use super::{gpath, wpath, Edit, Findings, Fix, Finding, Severity::*};
use crate::answers::workshop::{origin, MAX_PARTICIPANTS, NUMBER, PARTICIPANT};
use crate::answers::{AccessNeed, Answers, ScopeLevel};
use crate::catalog::{self, names::is_guid};

/// Azure's limit of role assignments per subscription [DOC: Azure subscription service limits,
/// "Azure RBAC limits"]. A lab that alone uses a tenth of it is worth a note.
const ROLE_ASSIGNMENTS_PER_SUBSCRIPTION: usize = 4000;

/// Finding ids that mean participants would share something; with one of them present, the copies'
/// own findings about sharing (which name workload numbers the user never sees) are left out.
const ISOLATION: [&str; 3] = ["workshop.shared_namespace", "workshop.shared_identity", "workshop.shared_data"];

/// Looks like an Entra ID sign-in name (user principal name): name@domain, without spaces.
fn is_sign_in_name(p: &str) -> bool {
    p.split_once('@').is_some_and(|(name, domain)| !name.is_empty() && !domain.is_empty()) && !p.contains(char::is_whitespace)
}

/// A participant name that fits every name it goes into: a DNS label (lowercase letters, digits and
/// inner hyphens), short enough to leave room around it.
fn fits_names(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

pub(super) fn check(a: &Answers, out: &mut Findings) {
    let Some(ws) = &a.workshop else { return };
    if ws.participants == 0 || ws.participants > MAX_PARTICIPANTS {
        out.push(
            Error,
            "workshop.participants.range",
            "workshop.participants",
            format!("Participants must be between 1 and {MAX_PARTICIPANTS}; it is {}.", ws.participants),
            "Each participant gets a namespace, an identity and their own data; the wizard sets up classes of that size.",
            Fix::set(format!("Use {}", ws.participants.clamp(1, MAX_PARTICIPANTS)), "workshop.participants", ws.participants.clamp(1, MAX_PARTICIPANTS).to_string()),
        );
    }
    if !ws.name_pattern.contains(NUMBER) {
        out.push(
            Error,
            "workshop.name_pattern.no_number",
            "workshop.name_pattern",
            format!("The name pattern needs {NUMBER} where each participant's number goes, such as lab-{NUMBER}."),
            "Without the number every participant would get the same name, and with it the same namespace and identity.",
            Fix::set(format!("Use {}-{NUMBER}", ws.name_pattern.trim_end_matches('-')), "workshop.name_pattern", format!("{}-{NUMBER}", ws.name_pattern.trim_end_matches('-'))),
        );
    } else if let Some(bad) = ws.names().into_iter().find(|n| !fits_names(n)) {
        out.push(
            Error,
            "workshop.name_pattern.invalid",
            "workshop.name_pattern",
            format!("The pattern makes the name {bad}, which cannot be a namespace: use lowercase letters, digits and hyphens, at most 40 characters, starting and ending with a letter or digit."),
            "A participant's name becomes part of their namespace, identity and data names, and Kubernetes namespaces allow only these characters.",
            Fix::set(format!("Use lab-{NUMBER}"), "workshop.name_pattern", format!("lab-{NUMBER}")),
        );
    }
    if !a.admin.azure_rbac {
        out.push(
            Error,
            "workshop.azure_rbac_off",
            "admin.azure_rbac",
            "A workshop needs Azure RBAC for Kubernetes: each participant's rights are an Azure role assignment on their own namespace.",
            "Without it, letting a participant into one namespace takes a Kubernetes RoleBinding per person, which the setup does not write.",
            Fix::set("Turn on Azure RBAC for Kubernetes", "admin.azure_rbac", "true"),
        );
    }
    match catalog::cluster_role_for(&ws.participant_role) {
        None => out.push(
            Error,
            "workshop.participant_role.unsupported",
            "workshop.participant_role",
            format!("{} is not a role for one namespace; participants get Azure Kubernetes Service RBAC Reader, Writer or Admin there.", ws.participant_role),
            "Only these roles can be limited to one namespace; any other would reach the whole cluster or nothing in it.",
            Fix::set(format!("Use {}", catalog::WORKSHOP_PARTICIPANT_ROLE), "workshop.participant_role", catalog::WORKSHOP_PARTICIPANT_ROLE),
        ),
        Some("admin") => out.push(
            Warning,
            "workshop.participant_role.broad",
            "workshop.participant_role",
            format!("{} lets a participant create RoleBindings, so they could let other people into their namespace.", ws.participant_role),
            "A lab needs participants to run and change their own apps; the Writer role allows that and cannot hand out access.",
            Fix::set(format!("Use {}", catalog::WORKSHOP_PARTICIPANT_ROLE), "workshop.participant_role", catalog::WORKSHOP_PARTICIPANT_ROLE),
        ),
        Some(_) => {}
    }
    people(a, out);
    // Expanded answers hold the copies, not the template: the workload rules judge what they share.
    if ws.participants > 1 && !ws.expanded {
        isolation(a, out);
    }
    let per_participant: usize = a.workloads.iter().map(|w| w.grants.len()).sum::<usize>() / if ws.expanded { ws.names().len() } else { 1 };
    let assignments = ws.names().len() * (2 + per_participant);
    if assignments * 10 >= ROLE_ASSIGNMENTS_PER_SUBSCRIPTION {
        out.push(
            Info,
            "workshop.role_assignments",
            "workshop.participants",
            format!("This lab creates about {assignments} role assignments; a subscription holds at most {ROLE_ASSIGNMENTS_PER_SUBSCRIPTION}."),
            "Count the subscription's assignments before the class with: az role assignment list --all --query \"length(@)\" --output tsv",
            None,
        );
    }
}

fn people(a: &Answers, out: &mut Findings) {
    let Some(ws) = &a.workshop else { return };
    let seats = ws.names().len();
    for (k, person) in ws.people.iter().enumerate() {
        let p = person.trim();
        let field = format!("workshop.people[{k}]");
        if p.is_empty() {
            continue;
        }
        if !is_guid(p) && !is_sign_in_name(p) {
            out.push(
                Error,
                "workshop.person.invalid",
                field,
                format!("Participant {} is {p:?}, which is neither a sign-in name (name@domain) nor an object ID.", k + 1),
                "Setup gives each participant their rights by their Entra ID sign-in name or object ID; anything else matches no one.",
                None,
            );
        } else if ws.people[..k].iter().any(|other| other.trim().eq_ignore_ascii_case(p)) {
            // Every later copy goes at once: removing one would move the next into its place.
            let copies: Vec<String> = (1..ws.people.len())
                .filter(|&m| ws.people[m].trim().eq_ignore_ascii_case(p) && ws.people[..m].iter().any(|o| o.trim().eq_ignore_ascii_case(p)))
                .map(|m| format!("workshop.people[{m}]"))
                .collect();
            out.push(
                Warning,
                "workshop.person.duplicate",
                field.clone(),
                format!("{p} is listed twice, so one person would get two participants' namespaces."),
                "Each participant should reach their own namespace only; a second seat for the same person is usually a copy-paste slip.",
                Some(Fix { label: "Keep the first entry only".into(), edit: Edit::RemoveItems { fields: copies } }),
            );
        }
    }
    let listed = ws.people.iter().filter(|p| !p.trim().is_empty()).count();
    if listed > seats && seats > 0 {
        out.push(
            Warning,
            "workshop.people.extra",
            "workshop.people",
            format!("{listed} people are listed for {seats} participants; the last {} get nothing.", listed - seats),
            "Participants are matched to people in order, so people past the number of participants are left out.",
            Fix::set(format!("Set up {listed} participants"), "workshop.participants", listed.min(MAX_PARTICIPANTS as usize).to_string()),
        );
    } else if listed < seats {
        out.push(
            Warning,
            "workshop.people.missing",
            "workshop.people",
            format!("{} of {seats} participants have no sign-in name yet, so setup gives them no access to their namespace.", seats - listed),
            "Add one sign-in name or object ID per line when you know the class, then run setup again: it adds only what is missing.",
            None,
        );
    }
}

fn isolation(a: &Answers, out: &mut Findings) {
    for (i, w) in a.workloads.iter().enumerate() {
        if !w.namespace.contains(PARTICIPANT) {
            out.push(
                Error,
                "workshop.shared_namespace",
                wpath(i, "namespace"),
                format!("Every participant's {} would run in the same namespace, {}.", w.app_name, w.namespace),
                "Participants have rights on their whole namespace, so in a shared one each could change or read the others' apps.",
                Fix::set(format!("Use {PARTICIPANT} as the namespace"), wpath(i, "namespace"), PARTICIPANT),
            );
        }
        if !w.identity_name.contains(PARTICIPANT) {
            let own = format!("{}-{PARTICIPANT}", w.identity_name.trim_end_matches('-'));
            out.push(
                Error,
                "workshop.shared_identity",
                wpath(i, "identity_name"),
                format!("Every participant's {} would sign in as the same managed identity, {}.", w.app_name, w.identity_name),
                "One identity means one set of rights: each participant's app could reach every participant's data, and one identity takes at most 20 federated credentials.",
                Fix::set(format!("Use {own}"), wpath(i, "identity_name"), own),
            );
        }
        for (j, g) in w.grants.iter().enumerate() {
            if g.need == AccessNeed::Read {
                continue;
            }
            let own_item = g.resource_name.contains(PARTICIPANT) || g.sub_resource.contains(PARTICIPANT);
            if own_item && g.scope != ScopeLevel::Resource {
                out.push(
                    Error,
                    "workshop.shared_data",
                    gpath(i, j, "scope"),
                    format!("{} on a whole {} reaches every participant's data, not just their own.", g.role, if g.scope == ScopeLevel::Subscription { "subscription" } else { "resource group" }),
                    "Each participant's slice is only theirs when the role is assigned on that slice.",
                    Fix::set("Assign it on the resource only", gpath(i, j, "scope"), "resource"),
                );
            } else if !own_item {
                let target = catalog::target(g.target);
                let fix = target.sub_resource_label.map(|label| Fix {
                    label: format!("Give each participant their own {} ({PARTICIPANT})", label.split(',').next().unwrap_or(label).to_lowercase()),
                    edit: Edit::SetField { field: gpath(i, j, "sub_resource"), value: PARTICIPANT.into() },
                });
                out.push(
                    Error,
                    "workshop.shared_data",
                    gpath(i, j, if fix.is_some() { "sub_resource" } else { "resource_name" }),
                    format!("Every participant could change the same data: {} on {} is not split by participant.", g.role, g.resource_name),
                    format!("Put {PARTICIPANT} in the {} so that each participant writes only to their own.", if fix.is_some() { "sub-resource name" } else { "resource name" }),
                    fix,
                );
            }
        }
    }
}

/// Findings computed on the expanded answers, pointed back at the template: `workloads[k]` becomes
/// the template workload it was copied from, a fix's value gets `{participant}` back in place of the
/// participant's name, and each finding appears once. Findings only a later participant's copy raises
/// are about copies sharing something; when an isolation finding already says that, they are left out.
pub(super) fn onto_template(a: &Answers, findings: Vec<Finding>) -> Vec<Finding> {
    let Some(ws) = a.workshop.as_ref().filter(|ws| !ws.expanded) else { return findings };
    let names = ws.names();
    let isolated = !findings.iter().any(|f| ISOLATION.contains(&f.id));
    let mut out: Vec<Finding> = Vec::new();
    for mut f in findings {
        let Some((k, rest)) = workload_index(&f.field) else {
            push_once(&mut out, f);
            continue;
        };
        let (participant, template) = origin(a, k);
        if participant > 0 && !isolated {
            continue;
        }
        let name = names.get(participant).map(String::as_str).unwrap_or_default();
        f.field = format!("workloads[{template}]{rest}");
        if let Some(fix) = &mut f.fix {
            match &mut fix.edit {
                Edit::SetField { field, value } => {
                    if let Some((k, rest)) = workload_index(field) {
                        *field = format!("workloads[{}]{rest}", origin(a, k).1);
                    }
                    if !name.is_empty() {
                        *value = value.replace(name, PARTICIPANT);
                    }
                }
                Edit::RemoveItems { fields } => {
                    for field in fields {
                        if let Some((k, rest)) = workload_index(field) {
                            *field = format!("workloads[{}]{rest}", origin(a, k).1);
                        }
                    }
                }
                Edit::AddWorkload | Edit::SetTexts { .. } => {}
            }
        }
        push_once(&mut out, f);
    }
    out
}

fn push_once(out: &mut Vec<Finding>, f: Finding) {
    if !out.iter().any(|o| o.id == f.id && o.field == f.field) {
        out.push(f);
    }
}

/// `workloads[12].grants[0].role` -> (12, ".grants[0].role").
fn workload_index(field: &str) -> Option<(usize, &str)> {
    let rest = field.strip_prefix("workloads[")?;
    let close = rest.find(']')?;
    Some((rest[..close].parse().ok()?, &rest[close + 1..]))
}
