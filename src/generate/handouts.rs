//! Workshop handouts: a trainer sheet, then one page per participant (what is theirs, the exact
//! commands to sign in and watch their workload's token exchange, what to try next). One HTML body,
//! used twice: in the bundle's `handouts.html` (with its own print styles) and in the page, which
//! prints it from the Review step.

use super::k8s::identity_check_pod_name;
use super::layout::Layout;
use super::quote::{sh, xml};
use crate::answers::workshop::{namespaces_of, participant_index};
use crate::answers::{Answers, WorkloadKind};
use crate::catalog;

/// Print styles of the standalone file: one sheet per page, readable in black and white.
const STYLE: &str = "body{font-family:system-ui,sans-serif;color:#000;background:#fff;margin:2rem;line-height:1.45}\
section{max-width:46rem;margin:0 auto 3rem}\
pre{background:#f4f6f8;border:1px solid #999;padding:.4rem .6rem;white-space:pre-wrap;word-break:break-all}\
code{font-size:.95em}\
h2{border-bottom:2px solid #000;padding-bottom:.2rem}th{text-align:left;padding-right:1rem}\
@media print{body{margin:0}section{break-after:page;margin:0}pre{background:none}}";

/// A shell command shown as one block, each value quoted as the shell reads it.
fn command(words: &[&str]) -> String {
    let line: Vec<String> = words.iter().map(|w| sh(w)).collect();
    format!("<pre><code>{}</code></pre>", xml(&line.join(" ")))
}

fn code(s: &str) -> String {
    format!("<code>{}</code>", xml(s))
}

/// The trainer sheet and every participant's page, as HTML sections (no document around them).
/// Empty without a workshop. `a` holds every participant's copy of the workloads.
pub fn pages(a: &Answers, layout: &Layout) -> String {
    let Some(ws) = &a.workshop else { return String::new() };
    let names = ws.names();
    let c = &a.cluster;
    let mut out = String::new();

    // The trainer sheet.
    out.push_str("<section class=\"handout trainer\" aria-labelledby=\"handout-trainer\">");
    out.push_str(&format!("<h2 id=\"handout-trainer\">Trainer sheet: {} participants on cluster {}</h2>", names.len(), code(&c.name)));
    out.push_str("<h3>Before the class</h3><ol>");
    out.push_str("<li>Sign in with an account that may create role assignments in the subscription (Owner, User Access Administrator or Role Based Access Control Administrator).</li>");
    out.push_str("<li>Run <code>./setup.sh</code> (or <code>setup.ps1</code>). It creates what is missing: the cluster's Entra ID sign-in, OIDC issuer and workload identity, then per participant a namespace, a managed identity with its federated credential, their data access, and their own rights on their namespace. A new cluster takes about 10 minutes; each participant adds well under a minute.</li>");
    out.push_str("<li>Run <code>./verify.sh</code>: every participant's identity must sign in and reach their data. New role assignments can take up to 10 minutes to show; run it again if one is missing.</li>");
    out.push_str("<li>Hand each participant their page, and share the <code>k8s/</code> folder (their identity check is in it).</li></ol>");
    out.push_str("<h3>During the class</h3><ul>");
    out.push_str(&format!(
        "<li>Reset one participant: <code>./teardown.sh {}</code> removes their apps, identity, access and namespace (it asks before the namespace); then <code>./setup.sh</code> creates them again and changes nothing else.</li>",
        xml(&sh(names.first().map(String::as_str).unwrap_or("lab-01")))
    ));
    out.push_str("<li>Someone new: add their sign-in name in the wizard (one a line, in participant order), download again, and run <code>./setup.sh</code>.</li></ul>");
    out.push_str("<h3>After the class</h3><p><code>./teardown.sh</code> removes every participant's part, then asks before deleting the cluster and its resource group.</p>");
    out.push_str("<table><thead><tr><th scope=\"col\">Participant</th><th scope=\"col\">Person</th><th scope=\"col\">Namespace</th></tr></thead><tbody>");
    for (k, name) in names.iter().enumerate() {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            xml(name),
            ws.person(k).map_or_else(|| "not known yet".to_string(), xml),
            xml(&namespaces_of(a, k).join(", "))
        ));
    }
    out.push_str("</tbody></table></section>");

    for (k, name) in names.iter().enumerate() {
        let anchor = format!("handout-{}", k + 1);
        let namespaces = namespaces_of(a, k);
        let first_ns = namespaces.first().cloned().unwrap_or_default();
        out.push_str(&format!("<section class=\"handout participant\" aria-labelledby=\"{anchor}\">"));
        out.push_str(&format!("<h2 id=\"{anchor}\">Participant {}</h2>", xml(name)));
        out.push_str(&format!(
            "<p>{}</p>",
            ws.person(k).map_or_else(|| "Sign in with the account your trainer gives you.".to_string(), |p| format!("Sign in as {}.", code(p)))
        ));
        out.push_str("<h3>What is yours</h3><ul>");
        out.push_str(&format!(
            "<li>Namespace {} on cluster {}. You have {} there and no rights anywhere else in the cluster.</li>",
            namespaces.iter().map(|n| code(n)).collect::<Vec<_>>().join(", "),
            code(&c.name),
            xml(&ws.participant_role)
        ));
        // This participant's copies of the workloads.
        let mine: Vec<usize> = (0..a.workloads.len()).filter(|&i| participant_index(a, i) == Some(k)).collect();
        for w in mine.iter().map(|&i| &a.workloads[i]) {
            let kind = match w.kind {
                WorkloadKind::Deployment => "Deployment",
                WorkloadKind::Pod => "Pod",
            };
            out.push_str(&format!(
                "<li>{kind} {} runs as ServiceAccount {}, which may act as managed identity {} (no password or key anywhere).",
                code(&w.app_name),
                code(&w.service_account),
                code(&w.identity_name)
            ));
            for g in &w.grants {
                let t = catalog::target(g.target);
                let part = match (t.sub_resource_label, g.sub_resource.is_empty()) {
                    (Some(label), false) => format!(", {} {}", xml(&label.split(',').next().unwrap_or(label).to_lowercase()), code(&g.sub_resource)),
                    _ => String::new(),
                };
                out.push_str(&format!(" It holds {} on {} {}{part}.", xml(&g.role), xml(&t.resource_label.to_lowercase()), code(&g.resource_name)));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul><h3>Sign in and watch your identity work</h3><ol>");
        out.push_str(&format!("<li>Sign in to Azure:{}</li>", command(&["az", "login", "--tenant", &a.tenant.tenant_id])));
        out.push_str(&format!(
            "<li>Get the cluster's kubeconfig, then let kubectl use your Azure sign-in:{}{}</li>",
            command(&["az", "aks", "get-credentials", "--resource-group", &c.resource_group, "--name", &c.name, "--subscription", &a.tenant.subscription_id]),
            command(&["kubelogin", "convert-kubeconfig", "-l", "azurecli", "--context", &c.name])
        ));
        out.push_str(&format!("<li>See your apps:{}</li>", command(&["kubectl", "get", "pods", "--namespace", &first_ns])));
        if let Some((i, w)) = mine.first().map(|&i| (i, &a.workloads[i])) {
            let file = &layout.workloads[i].identity_check;
            let pod = identity_check_pod_name(i);
            out.push_str(&format!(
                "<li>Start the identity check, a pod that runs as {}'s ServiceAccount, signs in with its token and tries each grant (the file is in the lab's <code>k8s/</code> folder):{}Watch it: the line <samp>identity-check: token exchange ok</samp> means Entra ID accepted the token.{}Remove it when done:{}</li>",
                code(&w.app_name),
                command(&["kubectl", "apply", "--filename", file]),
                command(&["kubectl", "logs", "--namespace", &w.namespace, &pod, "--follow"]),
                command(&["kubectl", "delete", "--filename", file])
            ));
        }
        out.push_str("</ol><h3>Try next</h3><ul>");
        if let Some(other) = names.iter().enumerate().find(|(m, _)| *m != k).and_then(|(m, _)| namespaces_of(a, m).into_iter().next()) {
            out.push_str(&format!(
                "<li>Look into someone else's namespace: {}It is refused (Forbidden): your rights stop at your own namespace.</li>",
                command(&["kubectl", "get", "pods", "--namespace", &other])
            ));
        }
        out.push_str("<li>Open <code>verify.sh</code>'s checks with your trainer: each line is one link of the chain (ServiceAccount, federated credential, identity, role).</li>");
        out.push_str("<li>Change the app's ServiceAccount to one without the annotation and start the check again: the token exchange fails, because the federated credential trusts exactly one ServiceAccount.</li>");
        out.push_str("</ul></section>");
    }
    out
}

/// `handouts.html`: the same pages as a document that prints one sheet per page.
pub fn document(a: &Answers, layout: &Layout) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Workshop handouts: {}</title><style>{STYLE}</style></head><body>\n{}\n</body></html>\n",
        xml(&a.cluster.name),
        pages(a, layout)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{workshop::expand, Workshop};
    use crate::generate::layout::layout;

    fn class(n: u32) -> Answers {
        let mut a = Answers::default();
        a.workloads[0].namespace = "{participant}".into();
        a.workloads[0].identity_name = "id-{participant}".into();
        let mut ws = Workshop::example(n);
        ws.people = vec!["ada@contoso.com".into()];
        a.workshop = Some(ws);
        expand(&a).into_owned()
    }

    #[test]
    fn one_page_per_participant_after_the_trainer_sheet() {
        let a = class(3);
        let html = pages(&a, &layout(&a));
        assert_eq!(html.matches("<section class=\"handout participant\"").count(), 3);
        assert_eq!(html.matches("<section class=\"handout trainer\"").count(), 1);
        for ns in ["lab-01", "lab-02", "lab-03"] {
            assert!(html.contains(&format!("<h2 id=\"handout-{}\">Participant {ns}</h2>", &ns[5..].trim_start_matches('0'))), "{ns}");
            assert!(html.contains(&format!("kubectl get pods --namespace {ns}")), "{ns}");
        }
        assert!(html.contains("Sign in as <code>ada@contoso.com</code>"));
        assert!(html.contains("Sign in with the account your trainer gives you."));
    }

    #[test]
    fn values_are_text_and_commands_are_quoted() {
        let mut a = class(2);
        a.cluster.name = "<script>x</script>' $(rm)".into();
        let html = pages(&a, &layout(&a));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&apos;&lt;script&gt;x&lt;/script&gt;&apos;\\&apos;&apos; $(rm)&apos;"), "{html}");
        a.workshop = None;
        assert!(pages(&a, &layout(&a)).is_empty());
    }
}
