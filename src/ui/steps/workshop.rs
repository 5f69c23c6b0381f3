//! The workshop setting on the Workloads step: one number and a list of people, instead of copies
//! made by hand. The workloads below it become the template every participant gets a copy of.

use leptos::prelude::*;

use crate::answers::workshop::PARTICIPANT;
use crate::answers::{Answers, Workshop};
use crate::catalog;
use crate::ui::browser;
use crate::ui::fields::{FindingView, SelectField, TextField};
use crate::ui::state::{field_id, AppState, NoticeKind};
use crate::validate;

/// How many participants a new workshop starts with.
const FIRST_CLASS_SIZE: u32 = 6;

/// Makes the answers a workshop and gives each participant their own copy of what the workloads
/// share: the same one-click fixes the isolation findings offer, applied at once.
fn make_workshop(a: &mut Answers) {
    a.workshop = Some(Workshop::example(FIRST_CLASS_SIZE));
    // Each round fixes what the last left (a grant's scope after its container); a few rounds do.
    for _ in 0..4 {
        let fixes: Vec<validate::Fix> = validate::validate(a)
            .into_iter()
            .filter(|f| f.id.starts_with("workshop.shared"))
            .filter_map(|f| f.fix)
            .collect();
        if fixes.is_empty() {
            break;
        }
        for fix in fixes {
            fix.apply(a);
        }
    }
}

#[component]
pub fn WorkshopSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on = Memo::new(move |_| state.answers.with(|a| a.workshop.is_some()));
    let start = move |_| {
        state.edit(make_workshop);
        state.notify(
            NoticeKind::Info,
            format!("Set up as a workshop of {FIRST_CLASS_SIZE}: each participant gets a copy of the workloads, with {PARTICIPANT} where their own name goes."),
            None,
        );
        browser::focus_new_after_render(&field_id("workshop.participants"));
    };
    let stop = move |_| {
        let old = state.answers.get_untracked();
        state.edit(|a| a.workshop = None);
        state.removed(old, "the workshop setting".into());
        browser::focus_after_render("add-workshop");
    };
    let roles = Signal::derive(|| catalog::NAMESPACE_ROLES.iter().map(|(r, _)| (r.to_string(), r.to_string())).collect::<Vec<_>>());
    view! {
        <section class="workshop" aria-labelledby="workshop-heading">
            <h2 id="workshop-heading">"Workshop"</h2>
            <Show
                when=move || on.get()
                fallback=move || view! {
                    <p class="hint">"Running a class? Set a number of participants instead of copying apps by hand: each participant gets their own namespace, identity and data, and rights on their own namespace only."</p>
                    <button type="button" id="add-workshop" on:click=start>"Set this up as a workshop"</button>
                }
            >
                <TextField label="Number of participants" field="workshop.participants" number=true
                    hint="1 to 200. Changing it adds or removes whole participants." />
                <TextField label="Participant names" field="workshop.name_pattern"
                    hint="{n} is the participant's number: lab-{n} names lab-01, lab-02, and so on." />
                <SelectField label="Each participant's role on their own namespace" field="workshop.participant_role" options=roles
                    hint="Writer lets them run and change their apps there; Admin could also let other people in." />
                <PeopleField />
                <Participants />
                <p class="hint">"In the workloads below, write "<code>{PARTICIPANT}</code>" where a participant's own name goes (their namespace, identity, container...). The preview shows every participant's copy."</p>
                <button type="button" class="secondary" on:click=stop>"Stop being a workshop"</button>
            </Show>
        </section>
    }
}

/// The participants' sign-in names or object IDs, one a line, in participant order. Judged when the
/// user leaves the box (a change event), never line by line while typing.
#[component]
fn PeopleField() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id("workshop.people");
    let value = Memo::new(move |_| state.answers.with(|a| a.workshop.as_ref().map(|w| w.people.join("\n")).unwrap_or_default()));
    let findings = Memo::new(move |_| state.findings.with(|all| validate::within(all, "workshop.people").cloned().collect::<Vec<_>>()));
    let set = move |text: String| {
        state.edit(|a| {
            if let Some(w) = &mut a.workshop {
                let mut people: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
                while people.last().is_some_and(String::is_empty) {
                    people.pop();
                }
                w.people = people;
            }
        });
    };
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>"Participants' sign-in names or object IDs"</label>
            <p class="hint" id=hint_id.clone()>"One a line, in participant order (the first line is participant 1). A participant without a line gets no access until you add one and run setup again."</p>
            <textarea id=id rows="6" spellcheck="false" autocomplete="off" aria-describedby=hint_id
                prop:value=value
                on:change=move |ev| set(event_target_value(&ev))></textarea>
            <div class="field-findings">
                {move || findings.get().into_iter().enumerate().map(|(n, f)| view! { <FindingView finding=f id=format!("people-finding-{n}") /> }).collect_view()}
            </div>
        </div>
    }
}

/// The class as a list: each participant's name and who they are.
#[component]
fn Participants() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Memo::new(move |_| {
        state.answers.with(|a| {
            a.workshop.as_ref().map(|w| {
                w.names().into_iter().enumerate().map(|(k, name)| (name, w.person(k).map(str::to_string))).collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    });
    view! {
        <details class="participants">
            <summary>{move || format!("The {} participants", rows.with(Vec::len))}</summary>
            <ol>
                {move || rows.get().into_iter().map(|(name, person)| view! {
                    <li><code>{name}</code>" : "{person.unwrap_or_else(|| "no sign-in name yet".into())}</li>
                }).collect_view()}
            </ol>
        </details>
    }
}
