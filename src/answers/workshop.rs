//! Workshops: the answers hold the workloads once, as a template, and the number of participants;
//! everything downstream (validation, the bundle) sees the expanded answers, one copy of every
//! workload per participant. So changing the number adds or removes whole participants, and nothing
//! is duplicated by hand.

use std::borrow::Cow;

use super::{Answers, Workload, Workshop};

/// Stands for the participant's name in a workload's names (namespace, identity, data...).
pub const PARTICIPANT: &str = "{participant}";
/// Stands for the participant's number in the name pattern.
pub const NUMBER: &str = "{n}";
/// The largest class the wizard sets up. Larger numbers are refused, and expansion stops here, so a
/// typed or imported number can never make the page build millions of copies.
pub const MAX_PARTICIPANTS: u32 = 200;

impl Workshop {
    /// A class of `participants` named `lab-01`, `lab-02`, ..., each allowed to deploy into their
    /// own namespace.
    pub fn example(participants: u32) -> Workshop {
        Workshop {
            participants,
            name_pattern: format!("lab-{NUMBER}"),
            people: Vec::new(),
            participant_role: crate::catalog::WORKSHOP_PARTICIPANT_ROLE.into(),
            expanded: false,
        }
    }

    /// The participants' names, in order: at least one (a count of 0 is an error the validator
    /// reports, while the template is still checked once) and at most [`MAX_PARTICIPANTS`].
    pub fn names(&self) -> Vec<String> {
        let count = self.participants.clamp(1, MAX_PARTICIPANTS);
        let width = count.to_string().len().max(2);
        (1..=count).map(|n| self.name_pattern.replace(NUMBER, &format!("{n:0width$}"))).collect()
    }

    /// Participant `k`'s (0-based) sign-in name or object ID, when the list has one.
    pub fn person(&self, k: usize) -> Option<&str> {
        self.people.get(k).map(|p| p.trim()).filter(|p| !p.is_empty())
    }
}

/// A template workload made concrete for one participant.
pub fn for_participant(template: &Workload, participant: &str) -> Workload {
    let fill = |s: &String| s.replace(PARTICIPANT, participant);
    let mut w = template.clone();
    for text in [&mut w.identity_name, &mut w.namespace, &mut w.service_account, &mut w.federated_credential_name, &mut w.app_name, &mut w.image] {
        *text = fill(text);
    }
    for g in &mut w.grants {
        for text in [&mut g.resource_name, &mut g.resource_group, &mut g.sub_resource] {
            *text = fill(text);
        }
    }
    w
}

/// The answers as the bundle describes them: without a workshop, the answers themselves; with one,
/// every template workload once per participant, participant by participant.
pub fn expand(a: &Answers) -> Cow<'_, Answers> {
    let Some(ws) = a.workshop.as_ref().filter(|ws| !ws.expanded) else { return Cow::Borrowed(a) };
    let mut out = a.clone();
    out.workloads = ws.names().iter().flat_map(|p| a.workloads.iter().map(move |t| for_participant(t, p))).collect();
    if let Some(ws) = &mut out.workshop {
        ws.expanded = true;
    }
    Cow::Owned(out)
}

/// In answers [`expand`] made, the index of the participant workload `i` belongs to.
pub fn participant_index(expanded: &Answers, i: usize) -> Option<usize> {
    let count = expanded.workshop.as_ref()?.names().len().max(1);
    let per_participant = (expanded.workloads.len() / count).max(1);
    Some(i / per_participant)
}

/// In answers [`expand`] made, the distinct namespaces of participant `k`'s workloads, in order.
pub fn namespaces_of(expanded: &Answers, k: usize) -> Vec<String> {
    let Some(ws) = &expanded.workshop else { return Vec::new() };
    let count = ws.names().len().max(1);
    let per_participant = expanded.workloads.len() / count;
    let mut out: Vec<String> = Vec::new();
    for w in expanded.workloads.iter().skip(k * per_participant).take(per_participant) {
        if !out.contains(&w.namespace) {
            out.push(w.namespace.clone());
        }
    }
    out
}

/// Which participant (0-based) and which template workload an expanded workload index comes from.
pub fn origin(a: &Answers, expanded_index: usize) -> (usize, usize) {
    let templates = a.workloads.len().max(1);
    (expanded_index / templates, expanded_index % templates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_count_up_with_enough_digits() {
        let mut ws = Workshop::example(3);
        assert_eq!(ws.names(), ["lab-01", "lab-02", "lab-03"]);
        ws.participants = 100;
        let names = ws.names();
        assert_eq!((names[0].as_str(), names[99].as_str()), ("lab-001", "lab-100"));
        ws.participants = u32::MAX;
        assert_eq!(ws.names().len(), MAX_PARTICIPANTS as usize);
    }

    #[test]
    fn expansion_copies_every_template_per_participant() {
        let mut a = Answers::default();
        let mut second = Workload::example(1);
        second.namespace = PARTICIPANT.into();
        a.workloads[0].namespace = PARTICIPANT.into();
        a.workloads[0].identity_name = format!("id-{PARTICIPANT}");
        a.workloads[0].grants[0].sub_resource = PARTICIPANT.into();
        a.workloads.push(second);
        a.workshop = Some(Workshop::example(3));
        let expanded = expand(&a);
        let names: Vec<(&str, &str)> =
            expanded.workloads.iter().map(|w| (w.namespace.as_str(), w.identity_name.as_str())).collect();
        assert_eq!(
            names,
            [
                ("lab-01", "id-lab-01"),
                ("lab-01", "id-demo-app-2"),
                ("lab-02", "id-lab-02"),
                ("lab-02", "id-demo-app-2"),
                ("lab-03", "id-lab-03"),
                ("lab-03", "id-demo-app-2")
            ]
        );
        assert_eq!(expanded.workloads[4].grants[0].sub_resource, "lab-03");
        assert_eq!(origin(&a, 5), (2, 1));
        assert_eq!(participant_index(&expanded, 5), Some(2));
        assert_eq!(namespaces_of(&expanded, 1), ["lab-02"]);
        assert!(matches!(expand(&expanded), Cow::Borrowed(_)), "expanding twice changes nothing");
        // Without a workshop, the answers are their own expansion.
        a.workshop = None;
        assert!(matches!(expand(&a), Cow::Borrowed(_)));
    }
}
