//! The access step: each grant's names and scope, and the least-privilege analysis of its role.

use super::fields::name;
use super::{gpath, Edit, Findings, Fix, Severity::*};
use crate::answers::{AccessGrant, AccessNeed, Answers, ScopeLevel};
use crate::catalog::{self, names::NameRule, AccessLevel, AssignmentMethod, Plane, TargetInfo};

fn need_word(n: AccessNeed) -> &'static str {
    match n {
        AccessNeed::Read => "read",
        AccessNeed::Write => "read and write",
        AccessNeed::Send => "send",
        AccessNeed::Receive => "receive",
    }
}

/// The serde name of a need, as `path::set` takes it.
fn need_value(n: AccessNeed) -> &'static str {
    match n {
        AccessNeed::Read => "read",
        AccessNeed::Write => "write",
        AccessNeed::Send => "send",
        AccessNeed::Receive => "receive",
    }
}

pub(super) fn check(a: &Answers, out: &mut Findings) {
    for (i, w) in a.workloads.iter().enumerate() {
        let mut repeats = Vec::new();
        for (j, g) in w.grants.iter().enumerate() {
            let t = catalog::target(g.target);
            names(i, j, g, t, out);
            scope(i, j, g, t, out);
            role(i, j, g, t, out);
            if w.grants[..j].iter().any(|e| same_assignment(a, e, g)) {
                repeats.push(gpath(i, j, ""));
            }
        }
        // One finding for the list, like admin groups: removing repeats one by one shifts indexes.
        if !repeats.is_empty() {
            out.push(
                Warning,
                "grant.duplicate",
                super::wpath(i, "grants"),
                "Some grants repeat an earlier one of the same workload: remove the repeats.",
                "The same role on the same resource twice adds nothing and makes the setup harder to read.",
                Some(Fix { label: "Remove the repeats".into(), edit: Edit::RemoveItems { fields: repeats } }),
            );
        }
    }
}

fn same_assignment(a: &Answers, x: &AccessGrant, y: &AccessGrant) -> bool {
    x.target == y.target
        && x.role == y.role
        && x.resource_name.eq_ignore_ascii_case(&y.resource_name)
        && catalog::grant_resource_group(a, x).eq_ignore_ascii_case(catalog::grant_resource_group(a, y))
        && x.sub_resource == y.sub_resource
        && x.scope == y.scope
}

fn names(i: usize, j: usize, g: &AccessGrant, t: &TargetInfo, out: &mut Findings) {
    let label = t.resource_label.to_ascii_lowercase();
    name(out, "resource_name.invalid", &gpath(i, j, "resource_name"), &format!("{label} name"), &g.resource_name, t.resource_rule,
        "Azure refuses names outside its rules, so the role assignment would point at nothing.");
    if !g.resource_group.is_empty() {
        name(out, "resource_group.invalid", &gpath(i, j, "resource_group"), &format!("{label}'s resource group"), &g.resource_group,
            NameRule::ResourceGroup, "Azure refuses resource group names outside its rules.");
    }
    let field = gpath(i, j, "sub_resource");
    // "Queue, or topics/<topic>" -> "queue": the plain noun for messages.
    let sub_label = t.sub_resource_label.unwrap_or("sub-resource").split(',').next().unwrap_or("").to_ascii_lowercase();
    if g.sub_resource.is_empty() {
        if t.sub_resource_required {
            out.push(
                Error,
                "sub_resource.required",
                &field,
                format!("The {sub_label} is empty: name the {sub_label} the app uses."),
                "For Azure SQL the access is granted inside one database, with T-SQL run in that database.",
                None,
            );
        }
        return;
    }
    match catalog::sub_resource_parts(g.target, &g.sub_resource) {
        Err(_) if t.sub_resource_label.is_none() => out.push(
            Error,
            "sub_resource.unsupported",
            &field,
            format!("{} access always covers the whole {}: leave the narrower part empty.", t.label, t.resource_label.to_ascii_lowercase()),
            "Azure has no narrower scope to assign this role on, so the value would be ignored or rejected.",
            Fix::set("Clear it", &field, ""),
        ),
        Err(why) => out.push(
            Error,
            "sub_resource.invalid",
            &field,
            format!("The {sub_label} '{}' has the wrong shape: {why}.", g.sub_resource),
            "The scope is built from this value, so it must name exactly one item.",
            None,
        ),
        Ok(parts) => {
            if let Some((rule, bad)) = parts.into_iter().find(|(rule, part)| !rule.check(part)) {
                // A fix only when the whole value is that one name (no `db/container` splicing).
                let fix = (bad == g.sub_resource)
                    .then(|| rule.sanitize(bad))
                    .flatten()
                    .and_then(|v| Fix::set(format!("Use '{v}'"), &field, v));
                let what = if bad.is_empty() { "has an empty part".to_string() } else { format!("'{bad}' is not valid") };
                out.push(
                    Error,
                    "sub_resource.invalid",
                    &field,
                    format!("The {sub_label} {what}: {}.", rule.describe()),
                    "The scope is built from this name; Azure refuses names outside its rules.",
                    fix,
                );
            }
        }
    }
}

fn scope(i: usize, j: usize, g: &AccessGrant, t: &TargetInfo, out: &mut Findings) {
    if g.scope == ScopeLevel::Resource {
        return;
    }
    let field = gpath(i, j, "scope");
    let fix = Fix::set("Scope it to the resource", &field, "resource");
    if t.method != AssignmentMethod::AzureRbac {
        out.push(
            Error,
            "scope.unsupported",
            &field,
            format!("{} access can only be scoped to the resource (or a part of it): choose the resource scope.", t.label),
            "This access is granted inside the account or database itself, so a resource group or subscription scope does not exist for it.",
            fix,
        );
        return;
    }
    let (wide, extra) = match g.scope {
        ScopeLevel::Subscription => ("the whole subscription", "every resource of this kind in every resource group"),
        _ => ("the whole resource group", "every resource of this kind in the group, including ones added later"),
    };
    out.push(
        Warning,
        "scope.too_wide",
        &field,
        format!("The role applies to {wide}, not just {}: scope it to the resource.", g.resource_name),
        format!("A wide scope gives the app {extra}; if the app is compromised, so is all of that."),
        fix,
    );
}

fn role(i: usize, j: usize, g: &AccessGrant, t: &TargetInfo, out: &mut Findings) {
    let field = gpath(i, j, "role");
    let recommended = t.recommended_role(g.need);
    let use_rec = || recommended.and_then(|r| Fix::set(format!("Use {r}"), &field, r));

    if !t.supports_need(g.need) {
        let fallback = t.needs.first().copied().unwrap_or(AccessNeed::Read);
        out.push(
            Error,
            "need.unsupported",
            gpath(i, j, "need"),
            format!(
                "'{}' is not something an app does with {}: choose {}.",
                need_word(g.need),
                t.label,
                t.needs.iter().map(|n| need_word(*n)).collect::<Vec<_>>().join(" or ")
            ),
            "The wizard picks the narrowest role from what the app needs to do; this need has no matching role here.",
            Fix::set(format!("Use '{}'", need_word(fallback)), gpath(i, j, "need"), need_value(fallback)),
        );
    }

    let Some(r) = catalog::role_by_name(&g.role) else {
        // A different spelling of a known role is fixed to the exact name; anything else to the
        // recommended role.
        let exact = catalog::roles().iter().find(|r| r.name.eq_ignore_ascii_case(g.role.trim()));
        let fix = match exact {
            Some(r) => Fix::set(format!("Use {}", r.name), &field, r.name),
            None => use_rec(),
        };
        let what = if g.role.trim().is_empty() { "No role is chosen".to_string() } else { format!("'{}' is not a built-in role the wizard knows", g.role) };
        let hint = recommended.map(|r| format!(": use {r}")).unwrap_or_default();
        out.push(
            Error,
            "role.unknown",
            &field,
            format!("{what}{hint}."),
            "Role names must match Azure's built-in names exactly, and the wizard can only judge the roles it knows.",
            fix,
        );
        return;
    };

    if r.can_assign_roles {
        out.push(
            Error,
            "role.privileged",
            &field,
            format!("The role {} lets the app hand out access to others, which an app never needs{}.", r.name, recommended.map(|x| format!(": use {x}")).unwrap_or_default()),
            "A role that can create role assignments lets anyone who takes over the app grant themselves any access in its scope.",
            use_rec(),
        );
        return;
    }

    // Key-exposing and privileged roles are risky even where they do not reach the data through the
    // identity (keys bypass Entra ID); a plain admin-level role is only "broad" where it works.
    let covers = t.covers(r.name);
    let is_recommended = recommended == Some(r.name);
    // Without a need that fits the target there is no yardstick for "broad"; `need.unsupported` comes first.
    let broad = !is_recommended
        && t.supports_need(g.need)
        && (r.privileged || r.key_exposing || (covers.is_some() && r.level == AccessLevel::Admin));
    if covers.is_none() {
        let how = if r.plane == Plane::Control {
            "it manages resources but does not let the app use their data".to_string()
        } else {
            format!("it is for {}", r.service)
        };
        out.push(
            Error,
            "role.wrong_target",
            &field,
            format!(
                "The role {} does not give access to {}: {how}{}.",
                r.name,
                t.label,
                recommended.map(|x| format!("; use {x}")).unwrap_or_default()
            ),
            "The assignment would succeed, yet every request of the app would be refused.",
            use_rec(),
        );
    }
    if broad {
        let kind = if r.key_exposing {
            "it can read account keys or similar secrets, which bypass Entra ID entirely"
        } else if r.privileged {
            "it manages everything in its scope"
        } else {
            "it is an owner/administrator role"
        };
        out.push(
            Warning,
            "role.broad",
            &field,
            format!("The role {} is much broader than this app needs ({kind}){}.", r.name, recommended.map(|x| format!(": use {x}")).unwrap_or_default()),
            "Least privilege: if the app is compromised, an attacker gets exactly what its identity has.",
            use_rec(),
        );
    }
    let (Some(covers), true) = (covers, t.supports_need(g.need)) else { return };
    if !covers.contains(&g.need) {
        out.push(
            Error,
            "role.insufficient",
            &field,
            format!(
                "The role {} does not let the app {} (it allows: {}){}.",
                r.name,
                need_word(g.need),
                r.summary.trim_end_matches('.').to_ascii_lowercase(),
                recommended.map(|x| format!(": use {x}")).unwrap_or_default()
            ),
            "The setup would finish, but the app's requests would be refused.",
            use_rec(),
        );
        return;
    }
    if broad {
        return;
    }
    let Some(rec) = recommended.and_then(catalog::role_by_name) else { return };
    let more = covers.iter().any(|n| !rec.covers.contains(n)) || r.level > rec.level;
    if more && !is_recommended {
        out.push(
            Warning,
            "role.exceeds_need",
            &field,
            format!("The role {} allows more than the app needs to {}: use {}.", r.name, need_word(g.need), rec.name),
            "Least privilege: grant only what the app does, so a mistake or a compromise cannot do more.",
            use_rec(),
        );
    }
}
