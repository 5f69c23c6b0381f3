//! The app's state, provided to every component as context: the answers in one signal, what derives
//! from them (findings and the bundle, memos computed once per edit), and the UI's own state (step,
//! notices, the preview's file, the rows' keys). Autosave is one effect.

use leptos::prelude::*;
use serde::Deserialize;

use crate::answers::{self, Answers};
use crate::generate::{self, GeneratedFile};
use crate::validate::{path, Finding, Severity};

use super::browser;

/// localStorage key of the autosaved answers (YAML, the same text as answers.yaml).
pub const SAVE_KEY: &str = "aks-identity-wizard.answers";
/// Where unreadable saved data is moved, so it is never overwritten by the next autosave.
pub const RESCUE_KEY: &str = "aks-identity-wizard.unreadable-save";
/// localStorage key of the step the user was on.
pub const STEP_KEY: &str = "aks-identity-wizard.step";
/// The steps the user has looked over (left, or changed something in), as slugs.
pub const CHECKED_KEY: &str = "aks-identity-wizard.checked";
/// URL fragment prefix of a share link: `#answers=...`.
pub const SHARE_PREFIX: &str = "#answers=";
/// How long a plain notice (information, nothing to do) stays before it closes by itself.
pub const NOTICE_CLOSES_AFTER: std::time::Duration = std::time::Duration::from_secs(6);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    Tenant,
    Admin,
    Cluster,
    Workloads,
    Access,
    Pipeline,
    Review,
}

impl Step {
    pub const ALL: [Step; 8] =
        [Step::Start, Step::Tenant, Step::Admin, Step::Cluster, Step::Workloads, Step::Access, Step::Pipeline, Step::Review];

    pub fn title(self) -> &'static str {
        match self {
            Step::Start => "Start",
            Step::Tenant => "Tenant",
            Step::Admin => "Admin access",
            Step::Cluster => "Cluster",
            Step::Workloads => "Workloads",
            Step::Access => "Access",
            Step::Pipeline => "Deploy pipeline",
            Step::Review => "Review & download",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Step::Start => "start",
            Step::Tenant => "tenant",
            Step::Admin => "admin",
            Step::Cluster => "cluster",
            Step::Workloads => "workloads",
            Step::Access => "access",
            Step::Pipeline => "pipeline",
            Step::Review => "review",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// Whether the step holds answers to look over (Start and Review only show and act).
    pub fn has_answers(self) -> bool {
        !matches!(self, Step::Start | Step::Review)
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Step> {
        self.index().checked_sub(1).and_then(|i| Step::ALL.get(i).copied())
    }

    /// The step whose form holds a field path.
    pub fn of_field(field: &str) -> Step {
        if field.starts_with("tenant") {
            Step::Tenant
        } else if field.starts_with("admin") {
            Step::Admin
        } else if field.starts_with("cluster") {
            Step::Cluster
        } else if field.starts_with("workloads") && field.contains(".grants") {
            Step::Access
        } else if field.starts_with("workloads") || field.starts_with("workshop") {
            Step::Workloads
        } else if field.starts_with("pipeline") {
            Step::Pipeline
        } else {
            Step::Review
        }
    }
}

/// A step's state on the stepper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Errors,
    Warnings,
    /// Example (placeholder) IDs still to replace.
    ExampleIds,
    /// Filled, but not looked over yet.
    NotChecked,
    Complete,
}

/// A message shown at the top of the page, optionally with an action.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Stable within a visit, so the list is keyed and dismissing one leaves the others in place.
    pub id: u32,
    pub kind: NoticeKind,
    pub text: String,
    pub action: Option<NoticeAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Problem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoticeAction {
    /// Offer the unreadable saved text for download.
    DownloadRescued(String),
    /// Put back the answers that were replaced.
    Undo(Box<Answers>),
    /// A share link arrived while work existed: load it only if the user says so.
    LoadShared(Box<Answers>),
}

/// The whole bundle or, while an error finding exists, the reason it is blocked.
pub type BundleResult = Result<Vec<GeneratedFile>, Vec<Finding>>;

/// One entry of `presets/index.json` (JSON is YAML, so the one YAML door reads it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PresetEntry {
    pub file: String,
    pub title: String,
    pub blurb: String,
}

/// The preset list on the start screen, fetched once.
#[derive(Debug, Clone, PartialEq)]
pub enum Presets {
    Loading,
    Ready(Vec<PresetEntry>),
    Failed(String),
}

/// Stable ids for the rows of the answers' lists (admin groups, workloads, their grants), so a keyed
/// list keeps each row's DOM, and the focus in it, when another row is added or removed. They live
/// beside the answers and never reach the YAML.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowKeys {
    next: u32,
    pub groups: Vec<u32>,
    pub workloads: Vec<WorkloadKeys>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadKeys {
    pub id: u32,
    pub grants: Vec<u32>,
}

impl RowKeys {
    /// Brings every list to the answers' lengths: rows that appeared at the end get new ids, rows gone
    /// from the end lose theirs. Edits that insert or remove in the middle say so first
    /// (`insert_workload`, `remove_workload`, ...); the others (a fix, typing) need only this.
    pub fn fit(&mut self, a: &Answers) {
        let next = &mut self.next;
        resize(&mut self.groups, a.admin.admin_group_object_ids.len(), next);
        let mut ids: Vec<u32> = self.workloads.iter().map(|w| w.id).collect();
        resize(&mut ids, a.workloads.len(), next);
        self.workloads.truncate(ids.len());
        let have = self.workloads.len();
        for id in ids.into_iter().skip(have) {
            self.workloads.push(WorkloadKeys { id, grants: Vec::new() });
        }
        for (keys, w) in self.workloads.iter_mut().zip(&a.workloads) {
            resize(&mut keys.grants, w.grants.len(), next);
        }
    }

    /// New ids for every row, for answers that replaced the old ones wholesale (ids are never reused,
    /// so no old row's view is taken for a new one).
    pub fn renew(&mut self, a: &Answers) {
        self.groups.clear();
        self.workloads.clear();
        self.fit(a);
    }

    /// A new row at `at` (workload `at` is a copy of the one before it, or a new one).
    pub fn insert_workload(&mut self, at: usize) {
        self.next += 1;
        let id = self.next;
        let at = at.min(self.workloads.len());
        self.workloads.insert(at, WorkloadKeys { id, grants: Vec::new() });
    }

    pub fn remove_workload(&mut self, at: usize) {
        if at < self.workloads.len() {
            self.workloads.remove(at);
        }
    }

    pub fn remove_grant(&mut self, workload: usize, at: usize) {
        if let Some(w) = self.workloads.get_mut(workload).filter(|w| at < w.grants.len()) {
            w.grants.remove(at);
        }
    }

    pub fn remove_group(&mut self, at: usize) {
        if at < self.groups.len() {
            self.groups.remove(at);
        }
    }

    pub fn workload_index(&self, id: u32) -> Option<usize> {
        self.workloads.iter().position(|w| w.id == id)
    }

    /// (workload index, grant index) of a grant row.
    pub fn grant_index(&self, workload: u32, grant: u32) -> Option<(usize, usize)> {
        let w = self.workload_index(workload)?;
        Some((w, self.workloads[w].grants.iter().position(|g| *g == grant)?))
    }
}

/// Makes `ids` `len` long: new ids at the end, or the last ones dropped.
fn resize(ids: &mut Vec<u32>, len: usize, next: &mut u32) {
    ids.truncate(len);
    while ids.len() < len {
        *next += 1;
        ids.push(*next);
    }
}

/// Shared state, provided as context. Every field is a signal or a memo, so the struct is `Copy`.
#[derive(Clone, Copy)]
pub struct AppState {
    pub answers: RwSignal<Answers>,
    pub keys: RwSignal<RowKeys>,
    /// Everything the generator weighs (validator and generator), computed once per edit.
    pub findings: Memo<Vec<Finding>>,
    /// The bundle before and after the last edit, so the preview can mark the lines it changed; while
    /// an error blocks the bundle, "before" is the last bundle that had none.
    pub bundle: Memo<(Option<BundleResult>, BundleResult)>,
    /// The share link, made (deflate and all) only while something shows it.
    pub share_link: Memo<String>,
    pub step: RwSignal<Step>,
    pub notices: RwSignal<Vec<Notice>>,
    /// The text field being typed in and not yet left: its findings wait until the user leaves it, so
    /// nothing is judged half-typed.
    pub editing: RwSignal<Option<String>>,
    /// The steps the user has looked over: left with Next, Back or the stepper, or changed. A step
    /// the example filled is not complete until then.
    pub checked: RwSignal<Vec<Step>>,
    /// The item just added (a path such as `workloads[0].grants[2]`): nothing in it is judged before
    /// the user leaves it or moves to another step.
    pub fresh: RwSignal<Option<String>>,
    /// What the last paste of `az` output took, said at the field it was pasted into: (field, sentence).
    pub pasted: RwSignal<Option<(String, String)>>,
    next_notice: StoredValue<u32>,
    /// The file the preview shows (a bundle path).
    pub preview_file: RwSignal<String>,
    /// Whether this visit started from saved work (so the start screen offers to resume it).
    pub resumed: bool,
    pub presets: RwSignal<Presets>,
    /// The preset being fetched; an answer for any other is dropped.
    pub loading_preset: RwSignal<Option<PresetEntry>>,
    pub import_error: RwSignal<Option<String>>,
    pub confirm_start_over: RwSignal<bool>,
    pub dragging: RwSignal<bool>,
}

impl AppState {
    /// Restores saved work (or a share link, or the defaults), derives the rest and wires autosave.
    #[allow(clippy::new_without_default)] // it reads the browser, not a plain default
    pub fn new() -> AppState {
        let mut pending = Vec::new();
        let (start, had_saved) = restore_saved(&mut pending);

        let mut keys = RowKeys::default();
        keys.fit(&start);
        let answers = RwSignal::new(start);
        let findings = Memo::new(move |_| answers.with(generate::findings));
        let bundle = Memo::new(move |previous: Option<&(Option<BundleResult>, BundleResult)>| {
            let current = answers.with(|a| findings.with(|f| generate::bundle_with(a, f)));
            // While errors last, "before" stays the last files that had none: the preview shows them
            // (out of date) instead of nothing, and marks what changed since once the errors go.
            let before = previous.and_then(|(before, last)| if last.is_ok() { Some(last.clone()) } else { before.clone() });
            (before, current)
        });
        let share_link = Memo::new(move |_| {
            format!("{}{}{}", browser::page_url(), SHARE_PREFIX, answers.with(answers::to_share))
        });
        let step = RwSignal::new(browser::storage_get(STEP_KEY).and_then(|s| Step::from_slug(&s)).unwrap_or(Step::Start));

        // Autosave: YAML keeps the saved text readable if anyone ever has to rescue it by hand.
        Effect::new(move |_| {
            browser::storage_set(SAVE_KEY, &answers.with(answers::to_yaml));
        });
        Effect::new(move |_| {
            browser::storage_set(STEP_KEY, step.get().slug());
        });

        let state = AppState {
            answers,
            keys: RwSignal::new(keys),
            findings,
            bundle,
            share_link,
            step,
            notices: RwSignal::new(Vec::new()),
            editing: RwSignal::new(None),
            checked: RwSignal::new(
                browser::storage_get(CHECKED_KEY)
                    .map(|text| text.split(',').filter_map(Step::from_slug).collect())
                    .unwrap_or_default(),
            ),
            fresh: RwSignal::new(None),
            pasted: RwSignal::new(None),
            next_notice: StoredValue::new(0),
            preview_file: RwSignal::new(String::from("setup.sh")),
            resumed: had_saved,
            presets: RwSignal::new(Presets::Loading),
            loading_preset: RwSignal::new(None),
            import_error: RwSignal::new(None),
            confirm_start_over: RwSignal::new(false),
            dragging: RwSignal::new(false),
        };
        for (kind, text, action) in pending {
            state.notify(kind, text, action);
        }
        state.open_share_link(!had_saved);
        state
    }

    /// Reads a share link from the page's fragment, at start or when one is pasted into the open tab.
    /// It never silently replaces work: only a first visit loads it straight away; otherwise the
    /// user is asked. The fragment is then dropped, so a reload does not ask again.
    pub fn open_share_link(&self, first_visit: bool) {
        let Some(fragment) = browser::location_hash().filter(|h| h.starts_with(SHARE_PREFIX)) else { return };
        browser::clear_location_hash();
        match answers::from_share(&fragment[SHARE_PREFIX.len()..]) {
            Ok(shared) if self.answers.with_untracked(|a| *a == shared) => {}
            Ok(shared) if first_visit => {
                self.keys.update(|k| k.renew(&shared));
                self.answers.set(shared);
                self.notify(NoticeKind::Info, "Loaded the answers from the shared link.".into(), None);
            }
            Ok(shared) => self.notify(
                NoticeKind::Info,
                "This link carries a set of answers. Loading them replaces the work saved in this browser.".into(),
                Some(NoticeAction::LoadShared(Box::new(shared))),
            ),
            Err(error) => self.notify(
                NoticeKind::Problem,
                format!("The shared link could not be read ({error}). Your saved work is unchanged."),
                None,
            ),
        }
    }

    /// Changes the answers and the rows' keys together; nothing is recomputed when the edit changed
    /// nothing.
    pub fn edit_rows(&self, change: impl FnOnce(&mut Answers, &mut RowKeys)) {
        let mut next = self.answers.get_untracked();
        let mut keys = self.keys.get_untracked();
        change(&mut next, &mut keys);
        keys.fit(&next);
        // Compared in place: this runs on every keystroke, and the answers are cloned once already.
        if self.keys.with_untracked(|k| *k != keys) {
            self.keys.set(keys);
        }
        if self.answers.with_untracked(|a| *a != next) {
            self.answers.set(next);
        }
    }

    /// Changes the answers (rows added or removed at the end keep the other rows' keys).
    pub fn edit(&self, change: impl FnOnce(&mut Answers)) {
        self.edit_rows(|a, _| change(a));
    }

    /// One field from its text form (see `set_field`).
    pub fn set_field(&self, field: &str, value: &str) {
        self.edit(|a| set_field(a, field, value));
        self.mark_checked(Step::of_field(field));
    }

    /// The user has looked over `step`.
    pub fn mark_checked(&self, step: Step) {
        if step.has_answers() && !self.checked.with_untracked(|c| c.contains(&step)) {
            self.checked.update(|c| c.push(step));
            browser::storage_set(CHECKED_KEY, &self.checked.with_untracked(|c| c.iter().map(|s| s.slug()).collect::<Vec<_>>().join(",")));
        }
    }

    /// How a step stands, for the stepper: the worst finding first, then example IDs still to
    /// replace, then whether the user has looked it over.
    pub fn step_state(&self, step: Step) -> StepState {
        let (worst, example_ids) = self.findings.with(|all| {
            let here = || all.iter().filter(|x| Step::of_field(&x.field) == step);
            (here().map(|x| x.severity).max(), here().any(|x| x.id == "guid.placeholder"))
        });
        match worst {
            Some(Severity::Error) => StepState::Errors,
            Some(Severity::Warning) => StepState::Warnings,
            _ if example_ids => StepState::ExampleIds,
            _ if step.has_answers() && !self.checked.with(|c| c.contains(&step)) => StepState::NotChecked,
            _ => StepState::Complete,
        }
    }

    /// Text typed into `field`. Pasted `az ... show` output fills every field it answers and says
    /// what it took (true); anything else is set as typed (false).
    pub fn type_into(&self, field: &str, text: &str) -> bool {
        let mut took = None;
        self.edit(|a| {
            took = crate::answers::take_az_output(a, field, text);
            if took.is_none() {
                set_field(a, field, text);
            }
        });
        self.mark_checked(Step::of_field(field));
        let Some(said) = took else { return false };
        // Said beside the field it was pasted into (not at the top of the page), then cleared.
        let entry = (field.to_string(), said);
        self.pasted.set(Some(entry.clone()));
        let pasted = self.pasted;
        set_timeout(
            move || {
                if pasted.try_with_untracked(|p| p.as_ref() == Some(&entry)) == Some(true) {
                    pasted.try_set(None);
                }
            },
            NOTICE_CLOSES_AFTER,
        );
        true
    }

    /// Replaces all answers, keeping the old ones one click away.
    pub fn replace_answers(&self, new: Answers, what: &str) {
        let old = self.answers.get_untracked();
        if old == new {
            return;
        }
        self.keys.update(|k| k.renew(&new));
        self.answers.set(new);
        // New answers (a preset, an import, a link) have not been looked over here yet.
        self.checked.set(Vec::new());
        browser::storage_set(CHECKED_KEY, "");
        self.notices.update(|n| n.retain(|x| !matches!(x.action, Some(NoticeAction::Undo(_)))));
        self.notify(
            NoticeKind::Info,
            format!("{what}. Your previous answers are one click away."),
            Some(NoticeAction::Undo(Box::new(old))),
        );
    }

    /// Something the user removed (its answers from before are `old`): done at once, and one click
    /// from undone.
    pub fn removed(&self, old: Answers, what: String) {
        self.notices.update(|n| n.retain(|x| !matches!(x.action, Some(NoticeAction::Undo(_)))));
        self.notify(NoticeKind::Info, format!("Removed {what}."), Some(NoticeAction::Undo(Box::new(old))));
    }

    /// Shows a notice; one with the same text is replaced, not repeated. A plain one (information
    /// with nothing to do) closes by itself after a while; a problem, or one that offers an action
    /// (Undo, load the link, download the saved text), stays until dismissed or acted on.
    pub fn notify(&self, kind: NoticeKind, text: String, action: Option<NoticeAction>) {
        let id = self.next_notice.get_value() + 1;
        self.next_notice.set_value(id);
        let closes = kind == NoticeKind::Info && action.is_none();
        self.notices.update(|n| {
            n.retain(|x| x.text != text);
            n.push(Notice { id, kind, text, action });
        });
        if closes {
            self.close_later(id);
        }
    }

    /// Dismisses notice `id` after [`NOTICE_CLOSES_AFTER`], or later while the pointer rests on it or
    /// focus is inside it (it never vanishes from under the user).
    fn close_later(self, id: u32) {
        set_timeout(
            move || {
                if browser::is_held(&notice_id(id)) {
                    self.close_later(id);
                } else {
                    self.dismiss(id);
                }
            },
            NOTICE_CLOSES_AFTER,
        );
    }

    pub fn dismiss(&self, id: u32) {
        self.notices.update(|n| n.retain(|x| x.id != id));
    }

    /// An item was just added at `item`: focus its first control, `first`, and judge nothing in it
    /// before the user leaves it.
    pub fn added(&self, item: String, first: &str) {
        self.fresh.set(Some(item));
        browser::focus_new_after_render(&field_id(first));
    }

    /// Whether findings at `field` wait: it is being typed in, or inside an item just added.
    pub fn waits(&self, field: &str) -> bool {
        self.editing.with(|e| e.as_deref() == Some(field))
            || self.fresh.with(|item| {
                item.as_deref().is_some_and(|item| {
                    field.strip_prefix(item).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
                })
            })
    }

    /// Opens a step at the top of the page; focus goes to its heading, so keyboard and screen-reader
    /// users land on it, and the preview to the file that step shapes.
    pub fn go_to_step(&self, step: Step) {
        if step != self.step.get_untracked() {
            // Asking to go on is leaving: everything on the step is judged.
            self.editing.set(None);
            self.fresh.set(None);
            if let Some(file) = self.answers.with_untracked(|a| file_for_step(a, step)) {
                self.preview_file.set(file);
            }
            self.mark_checked(self.step.get_untracked());
            self.step.set(step);
            browser::open_at_top_after_render("step-heading");
        }
    }

    /// Opens the step of `field` and focuses it (the heading if it is gone).
    pub fn go_to_field(&self, field: &str) {
        self.step.set(Step::of_field(field));
        browser::focus_after_render_or(&field_id(field), "step-heading");
    }

    /// Applies a finding's fix and puts focus on its field.
    pub fn apply_fix(&self, finding: &Finding) {
        if let Some(fix) = &finding.fix {
            self.edit(|a| fix.apply(a));
            browser::focus_after_render_or(&field_id(&finding.field), "step-heading");
        }
    }
}

/// The generated file a step's answers shape most: the scripts for the Azure side, the first app's
/// manifest for the workloads, the workflow for the pipeline, the walkthrough for the review.
pub fn file_for_step(a: &Answers, step: Step) -> Option<String> {
    use crate::generate::layout;
    match step {
        Step::Start => None,
        Step::Tenant | Step::Admin | Step::Cluster | Step::Access => Some(layout::SETUP_SH.into()),
        Step::Workloads => Some(layout::layout(&crate::answers::workshop::expand(a)).workloads.first().map_or_else(|| layout::SETUP_SH.into(), |w| w.workload.clone())),
        Step::Pipeline => Some(if a.pipeline.is_some() { layout::WORKFLOW_YML } else { layout::SETUP_SH }.into()),
        Step::Review => Some(layout::README_MD.into()),
    }
}

/// One field from its text form. Most go through `path::set`; a grant's service and need also move
/// its role to the recommended one, and a count keeps whatever was typed as a number.
pub fn set_field(a: &mut Answers, field: &str, value: &str) {
    use crate::answers::{AccessNeed, TargetKind};
    if let Some((w, g, name)) = grant_field(field) {
        let Some(x) = a.workloads.get_mut(w).and_then(|wl| wl.grants.get_mut(g)) else { return };
        match name {
            "target" => {
                if let Some(t) = TargetKind::ALL.iter().copied().find(|t| t.yaml_name() == value) {
                    let need = x.need;
                    super::steps::retarget(x, t, need);
                }
                return;
            }
            "need" => {
                if let Some(n) = AccessNeed::ALL.iter().copied().find(|n| n.yaml_name() == value) {
                    let target = x.target;
                    super::steps::retarget(x, target, n);
                }
                return;
            }
            _ => {}
        }
    }
    if field == "cluster.node_count" {
        // Anything that is not a count becomes 0, which validation names at the field.
        a.cluster.node_count = value.trim().parse().unwrap_or(0);
        return;
    }
    path::set(a, field, value);
}

/// `workloads[W].grants[G].NAME` → (W, G, NAME).
fn grant_field(field: &str) -> Option<(usize, usize, &str)> {
    let rest = field.strip_prefix("workloads[")?;
    let (w, rest) = rest.split_once("].grants[")?;
    let (g, name) = rest.split_once("].")?;
    Some((w.parse().ok()?, g.parse().ok()?, name))
}

/// Reads the autosaved answers. Unreadable data is moved aside, never lost, and offered for download.
fn restore_saved(notices: &mut Vec<(NoticeKind, String, Option<NoticeAction>)>) -> (Answers, bool) {
    let Some(text) = browser::storage_get(SAVE_KEY) else {
        return (Answers::default(), false);
    };
    match answers::from_yaml(&text) {
        Ok(saved) => (saved, true),
        Err(error) => {
            browser::storage_set(RESCUE_KEY, &text);
            notices.push((
                NoticeKind::Problem,
                format!(
                    "Your saved answers could not be read ({error}), so the wizard started from the example. The saved text is kept: download it to recover anything you need."
                ),
                Some(NoticeAction::DownloadRescued(text)),
            ));
            (Answers::default(), false)
        }
    }
}

/// The id of notice `id`'s element.
pub fn notice_id(id: u32) -> String {
    format!("notice-{id}")
}

/// The id of the input bound to a field path (also used by "go to field" links).
pub fn field_id(field: &str) -> String {
    let mut id = String::from("f-");
    for c in field.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}
