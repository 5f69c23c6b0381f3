//! The identity chain as a picture: who can administer the cluster, and for each app the chain
//! pod -> ServiceAccount -> federated credential -> managed identity -> role -> resource, with each
//! finding on the element it concerns. One model ([`chain`]) and three renderings of it: an SVG for
//! the page ([`svg`]), a Mermaid block for the README ([`mermaid`]), and sentences that say the same
//! in words ([`sentences`], the picture's text alternative).

use crate::answers::{Answers, ClusterMode, PipelineTrigger, ScopeLevel, WorkloadKind};
use crate::catalog::{self, AssignmentMethod};
use super::quote::xml;
use crate::validate::{gpath, wpath, Finding, Severity};

/// One element of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What the element is, e.g. "ServiceAccount".
    pub kind: &'static str,
    /// Its name.
    pub title: String,
    /// The one fact that ties it to the next element (namespace, subject, scope...).
    pub detail: String,
    /// What the picture has no room for; the words and the tooltip say it.
    pub note: String,
    /// The findings on this element, worst first.
    pub marks: Vec<Mark>,
    /// The answer fields this element stands for: a finding at one of them, or inside one, shows here.
    fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub severity: Severity,
    pub message: String,
}

/// One app's chain (or the deploy pipeline's): from what runs to the identity it signs in as, then
/// each role that identity holds with what the role is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub name: String,
    pub links: Vec<Node>,
    pub grants: Vec<(Node, Node)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// Who can administer the cluster: the admin groups (or their absence) and local accounts when on.
    pub admins: Vec<Node>,
    pub cluster: Node,
    pub lanes: Vec<Lane>,
}

fn node(kind: &'static str, title: impl Into<String>, detail: impl Into<String>, fields: Vec<String>) -> Node {
    Node { kind, title: title.into(), detail: detail.into(), note: String::new(), marks: Vec::new(), fields }
}

impl Node {
    fn with_note(mut self, note: impl Into<String>) -> Node {
        self.note = note.into();
        self
    }

    /// The worst finding on this element, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.marks.first().map(|m| m.severity)
    }
}

fn scope_words(scope: ScopeLevel) -> &'static str {
    match scope {
        ScopeLevel::Resource => "scope: this resource",
        ScopeLevel::ResourceGroup => "scope: its resource group",
        ScopeLevel::Subscription => "scope: the subscription",
    }
}

/// The chain the answers describe, with `findings` placed on the elements they concern.
pub fn chain(a: &Answers, findings: &[Finding]) -> Chain {
    let groups = &a.admin.admin_group_object_ids;
    let mut admins: Vec<Node> = groups
        .iter()
        .enumerate()
        .map(|(k, g)| {
            node("Entra ID group", g.as_str(), "members are cluster admins", vec![format!("admin.admin_group_object_ids[{k}]")])
        })
        .collect();
    if groups.is_empty() {
        let who = if a.admin.azure_rbac { "only people given Azure roles on it" } else { "nobody through Entra ID" };
        admins.push(node("No admin group", who, "", vec!["admin.admin_group_object_ids".into()]));
    }
    if !a.admin.disable_local_accounts {
        admins.push(
            node("Local accounts", "static admin kubeconfig", "bypasses Entra ID", vec!["admin.disable_local_accounts".into()])
                .with_note("anyone allowed to fetch the admin credentials gets in without Entra ID"),
        );
    }
    let c = &a.cluster;
    let rbac = if a.admin.azure_rbac { "Azure RBAC for Kubernetes" } else { "Kubernetes RBAC only" };
    let mode = match c.mode {
        ClusterMode::New => "new cluster",
        ClusterMode::Existing => "existing cluster",
    };
    let cluster = node("AKS cluster", c.name.as_str(), rbac, vec!["cluster".into(), "admin".into()])
        .with_note(format!("{mode} in resource group {}; its OIDC issuer signs the ServiceAccount tokens", c.resource_group));

    let mut lanes: Vec<Lane> = a.workloads.iter().enumerate().map(|(i, w)| {
        let kind = match w.kind {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::Pod => "Pod",
        };
        let subject = crate::generate::plan::subject(w);
        let links = vec![
            node(kind, w.app_name.as_str(), format!("image {}", w.image), vec![format!("workloads[{i}]"), wpath(i, "app_name"), wpath(i, "image"), wpath(i, "kind")]),
            node("ServiceAccount", w.service_account.as_str(), format!("namespace {}", w.namespace), vec![wpath(i, "service_account"), wpath(i, "namespace")]),
            node("Federated credential", w.federated_credential_name.as_str(), format!("subject {subject}"), vec![wpath(i, "federated_credential_name")])
                .with_note(format!("trusts tokens from the OIDC issuer of cluster {} with audience {}", c.name, catalog::FEDERATED_CREDENTIAL_AUDIENCE)),
            node("Managed identity", w.identity_name.as_str(), format!("resource group {}", c.resource_group), vec![wpath(i, "identity_name"), wpath(i, "grants")]),
        ];
        let grants = w.grants.iter().enumerate().map(|(j, g)| {
            let target = catalog::target(g.target);
            let how = match target.method {
                AssignmentMethod::AzureRbac => "Azure role",
                AssignmentMethod::CosmosSql => "Cosmos DB SQL role",
                AssignmentMethod::SqlTsql => "Database role",
            };
            let role = node(how, g.role.as_str(), scope_words(g.scope), vec![gpath(i, j, "role"), gpath(i, j, "need"), gpath(i, j, "scope")]);
            let part = match (target.sub_resource_label, g.sub_resource.is_empty()) {
                // The label's first words only ("Database, or <database>/<container>" says "database").
                (Some(label), false) => format!("{} {}", label.split(',').next().unwrap_or(label).to_lowercase(), g.sub_resource),
                _ => format!("the whole {}", target.resource_label.to_lowercase()),
            };
            let resource = node(target.label, g.resource_name.as_str(), part, vec![gpath(i, j, "")])
                .with_note(format!("scope {}", catalog::scope(a, g)));
            (role, resource)
        }).collect();
        Lane { name: format!("App {}", w.app_name), links, grants }
    }).collect();

    if let Some(p) = &a.pipeline {
        let on = match (p.environment.is_empty(), p.trigger) {
            (false, _) => format!("environment {}", p.environment),
            (true, PipelineTrigger::Branch) => format!("branch {}", p.ref_pattern),
            (true, PipelineTrigger::Tag) => format!("tag {}", p.ref_pattern),
            (true, PipelineTrigger::PullRequest) => "pull requests".into(),
        };
        let links = vec![
            node("GitHub Actions", p.repository.as_str(), on, vec!["pipeline".into(), "pipeline.repository".into(), "pipeline.trigger".into(), "pipeline.ref_pattern".into(), "pipeline.environment".into()]),
            node("Federated credential", p.federated_credential_name.as_str(), format!("subject {}", catalog::github_subject(p)), vec!["pipeline.federated_credential_name".into()])
                .with_note(format!("trusts tokens from {} with audience {}", catalog::GITHUB_ISSUER, catalog::FEDERATED_CREDENTIAL_AUDIENCE)),
            node("Managed identity", p.identity_name.as_str(), format!("resource group {}", c.resource_group), vec!["pipeline.identity_name".into()]),
        ];
        let mut grants = vec![(
            node("Azure role", catalog::CLUSTER_USER_ROLE, "scope: the cluster", vec![]),
            node("AKS cluster", c.name.as_str(), "fetches the kubeconfig", vec![]),
        )];
        let (how, role) = if a.admin.azure_rbac {
            ("Azure role", p.deploy_role.clone())
        } else {
            ("Kubernetes ClusterRole", crate::generate::plan::pipeline_cluster_role(p).to_string())
        };
        for (k, ns) in p.namespaces.iter().enumerate() {
            grants.push((
                node(how, role.as_str(), "scope: one namespace", vec!["pipeline.deploy_role".into()]),
                node("Namespace", ns.as_str(), format!("in cluster {}", c.name), vec![format!("pipeline.namespaces[{k}]")]),
            ));
        }
        if p.push_images && !c.acr_name.is_empty() {
            grants.push((
                node("Azure role", catalog::IMAGE_PUSH_ROLE, scope_words(ScopeLevel::Resource), vec!["pipeline.push_images".into()]),
                node("Container registry", c.acr_name.as_str(), "pushes images", vec!["cluster.acr_name".into()]),
            ));
        }
        lanes.push(Lane { name: "Deploy pipeline".into(), links, grants });
    }

    let mut picture = Chain { admins, cluster, lanes };
    for f in findings {
        place(&mut picture, f);
    }
    for n in nodes_mut(&mut picture) {
        // Worst first: errors, then warnings, then notes (the severities' own order, reversed).
        n.marks.sort_by_key(|m| std::cmp::Reverse(m.severity));
    }
    picture
}

fn nodes_mut(c: &mut Chain) -> impl Iterator<Item = &mut Node> {
    c.admins.iter_mut().chain(std::iter::once(&mut c.cluster)).chain(c.lanes.iter_mut().flat_map(|l| {
        l.links.iter_mut().chain(l.grants.iter_mut().flat_map(|(role, resource)| [role, resource]))
    }))
}

/// Every element of the chain, in reading order.
pub fn nodes(c: &Chain) -> impl Iterator<Item = &Node> {
    c.admins.iter().chain(std::iter::once(&c.cluster)).chain(c.lanes.iter().flat_map(|l| {
        l.links.iter().chain(l.grants.iter().flat_map(|(role, resource)| [role, resource]))
    }))
}

/// Puts a finding on the element whose field is the longest one that is the finding's field or
/// contains it; a finding about something the picture does not show (the tenant) stays off it.
fn place(c: &mut Chain, f: &Finding) {
    let within = |field: &str| {
        f.field.strip_prefix(field).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    let best = nodes_mut(c)
        .filter_map(|n| n.fields.iter().filter(|field| within(field)).map(|field| field.len()).max().map(|len| (len, n)))
        .fold(None::<(usize, &mut Node)>, |best, (len, n)| match best {
            Some((best_len, _)) if best_len >= len => best,
            _ => Some((len, n)),
        });
    if let Some((_, n)) = best {
        n.marks.push(Mark { severity: f.severity, message: f.message.clone() });
    }
}

/// An element in words: kind, name, detail, note, and its findings (its tooltip in the picture).
pub fn describe(n: &Node) -> String {
    let mut s = format!("{} {}", n.kind, n.title);
    let extras: Vec<&str> = [n.detail.as_str(), n.note.as_str()].into_iter().filter(|e| !e.is_empty()).collect();
    if !extras.is_empty() {
        s.push_str(&format!(" ({})", extras.join("; ")));
    }
    for m in &n.marks {
        s.push_str(&format!(" [{}: {}]", m.severity.word(), m.message));
    }
    s
}

/// The picture in words, one sentence per part: the text alternative in the page and the README.
pub fn sentences(c: &Chain) -> Vec<String> {
    let mut out = Vec::new();
    let admins: Vec<String> = c.admins.iter().map(describe).collect();
    out.push(format!("Who can administer {}: {}.", describe(&c.cluster), admins.join("; ")));
    for lane in &c.lanes {
        let mut s = format!("{}: ", lane.name);
        s.push_str(&lane.links.iter().map(describe).collect::<Vec<_>>().join(" -> "));
        if lane.grants.is_empty() {
            s.push_str(", which holds no role yet");
        } else {
            let grants: Vec<String> =
                lane.grants.iter().map(|(role, resource)| format!("{} on {}", describe(role), describe(resource))).collect();
            s.push_str(&format!(", which holds {}", grants.join("; and ")));
        }
        s.push('.');
        out.push(s);
    }
    out
}

// The picture's geometry, in SVG user units (pixels at 100%): apps side by side, each a column that
// reads top to bottom, so a narrow screen scrolls sideways through apps, not through one chain.
const NODE_W: i32 = 204;
const NODE_H: i32 = 58;
const COLUMN: i32 = 240;
const GAP: i32 = 26;
const PAD: i32 = 12;
/// Roles and resources sit indented under their identity, a line down the left joining them to it.
const INDENT: i32 = 18;
const HEADING: i32 = 26;
/// Average widths of a character at the title's and the other lines' sizes, wide enough for digits
/// and capitals, so a cut line always fits its box (the badge's corner included).
const TITLE_CHAR_W: i32 = 7;
const LINE_CHAR_W: i32 = 6;

/// `s` cut to `max` characters, an ellipsis saying something was cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn severity_class(n: &Node) -> &'static str {
    match n.worst() {
        Some(Severity::Error) => "chain-node sev-error",
        Some(Severity::Warning) => "chain-node sev-warning",
        Some(Severity::Info) => "chain-node sev-info",
        None => "chain-node",
    }
}

fn draw_node(out: &mut String, n: &Node, x: i32, y: i32, width: i32) {
    let (stroke, width_px) = match n.worst() {
        Some(Severity::Error) => ("#a4161a", 3),
        Some(Severity::Warning) => ("#7a4d00", 3),
        _ => ("#6b7785", 1),
    };
    // Presentation attributes draw the picture on their own (a saved or printed copy); the page's
    // stylesheet overrides them for dark mode.
    out.push_str(&format!(
        "<g class=\"{}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{NODE_H}\" rx=\"6\" fill=\"#f4f6f8\" stroke=\"{stroke}\" stroke-width=\"{width_px}\"/>",
        severity_class(n),
        xml(&describe(n))
    ));
    let tx = x + 10;
    let room = |char_w: i32| ((width - 34) / char_w).max(4) as usize;
    let lines = [
        ("chain-kind", 11, 16, n.kind.to_string(), room(LINE_CHAR_W)),
        ("chain-title", 13, 34, n.title.clone(), room(TITLE_CHAR_W)),
        ("chain-detail", 11, 50, n.detail.clone(), room(LINE_CHAR_W)),
    ];
    for (class, size, dy, text, max) in lines {
        if text.is_empty() {
            continue;
        }
        let weight = if class == "chain-title" { " font-weight=\"600\"" } else { "" };
        out.push_str(&format!(
            "<text class=\"{class}\" x=\"{tx}\" y=\"{}\" font-size=\"{size}\"{weight} fill=\"#1b1f24\">{}</text>",
            y + dy,
            xml(&cut(&text, max))
        ));
    }
    if let Some(worst) = n.worst() {
        // A badge in the corner: the colour is not the only sign (it also says "!" or "i").
        let (sign, fill) = match worst {
            Severity::Error | Severity::Warning => ("!", stroke),
            Severity::Info => ("i", "#0b5cad"),
        };
        let cx = x + width - 12;
        out.push_str(&format!(
            "<circle class=\"chain-badge\" cx=\"{cx}\" cy=\"{}\" r=\"9\" fill=\"{fill}\"/><text class=\"chain-badge-sign\" x=\"{cx}\" y=\"{}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#ffffff\">{sign}</text>",
            y + 12,
            y + 16
        ));
    }
    out.push_str("</g>");
}

fn arrow(out: &mut String, points: &[(i32, i32)]) {
    let path: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
    out.push_str(&format!(
        "<polyline class=\"chain-edge\" points=\"{}\" fill=\"none\" stroke=\"#6b7785\" stroke-width=\"1.5\" marker-end=\"url(#chain-arrow)\"/>",
        path.join(" ")
    ));
}

fn heading(out: &mut String, x: i32, y: i32, text: &str) {
    out.push_str(&format!(
        "<text class=\"chain-heading\" x=\"{x}\" y=\"{y}\" font-size=\"13\" font-weight=\"700\" fill=\"#1b1f24\">{}</text>",
        xml(&cut(text, (NODE_W / TITLE_CHAR_W) as usize))
    ));
}

/// The chain as an SVG the page shows inline (and a browser can print or save): light colours as
/// attributes, classes for the page's dark theme, a tooltip per element, the text alternative beside it.
pub fn svg(c: &Chain) -> String {
    let columns = c.admins.len().max(c.lanes.len()).max(1) as i32;
    let width = PAD * 2 + (columns - 1) * COLUMN + INDENT + NODE_W;
    let mut body = String::new();
    let column_x = |k: usize| PAD + k as i32 * COLUMN;

    let mut y = PAD + 14;
    heading(&mut body, PAD, y, "Cluster administrators");
    y += HEADING - 14;
    let cluster_y = y + NODE_H + GAP + 8;
    let span = (c.admins.len().max(1) as i32 - 1) * COLUMN;
    let cluster_x = PAD + span / 2;
    for (k, n) in c.admins.iter().enumerate() {
        let x = column_x(k);
        draw_node(&mut body, n, x, y, NODE_W);
        arrow(&mut body, &[(x + NODE_W / 2, y + NODE_H), (cluster_x + NODE_W / 2, cluster_y - 2)]);
    }
    draw_node(&mut body, &c.cluster, cluster_x, cluster_y, NODE_W);
    let lanes_top = cluster_y + NODE_H + GAP + 14;

    let mut bottom = lanes_top;
    for (k, lane) in c.lanes.iter().enumerate() {
        let x = column_x(k);
        let mut y = lanes_top;
        heading(&mut body, x, y, &lane.name);
        y += HEADING - 14;
        for (m, n) in lane.links.iter().enumerate() {
            if m > 0 {
                arrow(&mut body, &[(x + NODE_W / 2, y - GAP), (x + NODE_W / 2, y - 2)]);
            }
            draw_node(&mut body, n, x, y, NODE_W);
            y += NODE_H + GAP;
        }
        let trunk_x = x + INDENT / 2;
        let identity_bottom = y - GAP;
        for (role, resource) in &lane.grants {
            let role_mid = y + NODE_H / 2;
            arrow(&mut body, &[(trunk_x, identity_bottom), (trunk_x, role_mid), (x + INDENT - 2, role_mid)]);
            draw_node(&mut body, role, x + INDENT, y, NODE_W);
            let below = y + NODE_H + GAP;
            arrow(&mut body, &[(x + INDENT + NODE_W / 2, y + NODE_H), (x + INDENT + NODE_W / 2, below - 2)]);
            draw_node(&mut body, resource, x + INDENT, below, NODE_W);
            y = below + NODE_H + GAP;
        }
        bottom = bottom.max(y);
    }
    let height = bottom + PAD;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chain\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" font-family=\"system-ui, sans-serif\" role=\"img\" aria-label=\"The identity chain as a picture; the list under it says the same in words.\"><defs><marker id=\"chain-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"chain-arrowhead\" d=\"M0,0 L10,5 L0,10 z\" fill=\"#6b7785\"/></marker></defs>{body}</svg>"
    )
}

/// Text that is safe in a quoted Mermaid label: letters, digits and a few plain signs stay, anything
/// else becomes an entity code (`#35;`), so no value can close the label, start markup or end the
/// README's code block.
fn mermaid_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '_' | '-' | '/' | ':' | ',' | '(' | ')' | '@' | '*') {
                c.to_string()
            } else {
                format!("#{};", c as u32)
            }
        })
        .collect()
}

fn mermaid_label(n: &Node) -> String {
    let mut parts = vec![mermaid_text(n.kind), format!("<b>{}</b>", mermaid_text(&n.title))];
    if !n.detail.is_empty() {
        parts.push(mermaid_text(&n.detail));
    }
    // Notes (example IDs and the like) stay in the list; warnings and errors show on the element.
    let flagged = n.marks.iter().filter(|m| m.severity != Severity::Info).count();
    if flagged > 0 {
        parts.push(mermaid_text(&format!("flagged: {flagged} {}", if flagged == 1 { "finding" } else { "findings" })));
    }
    format!("[\"{}\"]", parts.join("<br/>"))
}

/// The chain as a Mermaid flowchart (GitHub and GitLab draw it in the README). Node IDs are ours;
/// every user value is inside a quoted, encoded label.
pub fn mermaid(c: &Chain) -> String {
    let mut out = String::from("flowchart TB\n");
    out.push_str("  classDef error stroke:#a4161a,stroke-width:3px\n  classDef warning stroke:#7a4d00,stroke-width:3px\n");
    let mut classes: Vec<(String, Severity)> = Vec::new();
    let mut declare = |out: &mut String, id: &str, n: &Node, indent: &str| {
        out.push_str(&format!("{indent}{id}{}\n", mermaid_label(n)));
        if let Some(s) = n.worst().filter(|s| *s != Severity::Info) {
            classes.push((id.to_string(), s));
        }
    };
    out.push_str("  subgraph admins[\"Who can administer the cluster\"]\n");
    for (k, n) in c.admins.iter().enumerate() {
        declare(&mut out, &format!("admin{k}"), n, "    ");
    }
    out.push_str("  end\n");
    declare(&mut out, "cluster", &c.cluster, "  ");
    for k in 0..c.admins.len() {
        out.push_str(&format!("  admin{k} --> cluster\n"));
    }
    for (l, lane) in c.lanes.iter().enumerate() {
        out.push_str(&format!("  subgraph lane{l}[\"{}\"]\n", mermaid_text(&lane.name)));
        for (m, n) in lane.links.iter().enumerate() {
            declare(&mut out, &format!("l{l}n{m}"), n, "    ");
        }
        for (g, (role, resource)) in lane.grants.iter().enumerate() {
            declare(&mut out, &format!("l{l}r{g}"), role, "    ");
            declare(&mut out, &format!("l{l}t{g}"), resource, "    ");
        }
        for m in 1..lane.links.len() {
            out.push_str(&format!("    l{l}n{} --> l{l}n{m}\n", m - 1));
        }
        let identity = lane.links.len().saturating_sub(1);
        for g in 0..lane.grants.len() {
            out.push_str(&format!("    l{l}n{identity} --> l{l}r{g} --> l{l}t{g}\n"));
        }
        out.push_str("  end\n");
    }
    for (id, s) in classes {
        out.push_str(&format!("  class {id} {}\n", s.word()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Answers {
        Answers::default()
    }

    #[test]
    fn a_finding_lands_on_the_element_it_names() {
        let a = example();
        let finding = |field: &str, severity| Finding {
            id: "test",
            field: field.into(),
            severity,
            message: format!("about {field}"),
            why: String::new(),
            fix: None,
        };
        let c = chain(
            &a,
            &[
                finding(&gpath(0, 0, "role"), Severity::Warning),
                finding(&gpath(0, 0, "resource_name"), Severity::Error),
                finding(&wpath(0, "namespace"), Severity::Info),
                finding("admin.azure_rbac", Severity::Warning),
                finding("tenant.tenant_id", Severity::Error),
            ],
        );
        let lane = &c.lanes[0];
        assert_eq!(lane.grants[0].0.marks, vec![Mark { severity: Severity::Warning, message: "about workloads[0].grants[0].role".into() }]);
        assert_eq!(lane.grants[0].1.worst(), Some(Severity::Error));
        assert_eq!(lane.links[1].kind, "ServiceAccount");
        assert_eq!(lane.links[1].worst(), Some(Severity::Info));
        assert_eq!(c.cluster.worst(), Some(Severity::Warning));
        // The tenant is not in the picture, so its finding is on no element.
        let marked: usize = nodes(&c).map(|n| n.marks.len()).sum();
        assert_eq!(marked, 4);
    }

    #[test]
    fn values_cannot_break_out_of_the_svg_or_the_mermaid_label() {
        let mut a = example();
        a.cluster.name = "x\"/><script>alert(1)</script>&\u{7}".into();
        a.workloads[0].app_name = "a\"]\nend\n```\nclick l0n0 call alert()".into();
        let c = chain(&a, &[]);
        let svg = svg(&c);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("x&quot;/&gt;&lt;script&gt;"), "{svg}");
        assert!(!svg.contains('\u{7}'));
        let m = mermaid(&c);
        assert!(!m.contains("```"), "{m}");
        assert!(!m.contains("\"]\nend"), "{m}");
        // Each label stays on its line, so no value starts a statement of its own.
        assert!(m.lines().all(|l| !l.trim_start().starts_with("click")), "{m}");
        assert_eq!(m.lines().filter(|l| l.trim() == "end").count(), 2, "one end per subgraph: {m}");
        assert_eq!(m.lines().filter(|l| l.trim_start().starts_with("l0n0")).count(), 2, "{m}");
    }

    #[test]
    fn the_words_name_every_element_of_the_chain() {
        let a = example();
        let c = chain(&a, &[]);
        let words = sentences(&c).join("\n");
        for n in nodes(&c) {
            assert!(words.contains(&format!("{} {}", n.kind, n.title)), "{} {} missing from {words}", n.kind, n.title);
        }
        assert_eq!(sentences(&c).len(), 1 + a.workloads.len() + usize::from(a.pipeline.is_some()));
    }

    #[test]
    fn local_accounts_and_a_missing_group_are_drawn_as_ways_in() {
        let mut a = example();
        a.admin.admin_group_object_ids.clear();
        a.admin.disable_local_accounts = false;
        let kinds: Vec<&str> = chain(&a, &[]).admins.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, ["No admin group", "Local accounts"]);
        a.admin.admin_group_object_ids = vec!["g1".into(), "g2".into()];
        a.admin.disable_local_accounts = true;
        let titles: Vec<String> = chain(&a, &[]).admins.into_iter().map(|n| n.title).collect();
        assert_eq!(titles, ["g1", "g2"]);
    }
}
