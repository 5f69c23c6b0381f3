//! The app's state: one `Answers` signal, and everything derived from it (findings, the bundle), plus
//! the browser plumbing that keeps the user's work: autosave, share links, notices.

use crate::answers::{self, Answers};
use crate::generate::{self, GeneratedFile};
use crate::validate::{Finding, Severity};
use leptos::prelude::*;

use super::browser;

/// localStorage key of the autosaved answers (YAML, the same text as answers.yaml).
pub const SAVE_KEY: &str = "aks-identity-wizard.answers";
/// Where unreadable saved data is moved, so it is never overwritten by the next autosave.
pub const RESCUE_KEY: &str = "aks-identity-wizard.unreadable-save";
/// localStorage key of the step the user was on.
pub const STEP_KEY: &str = "aks-identity-wizard.step";
/// URL fragment prefix of a share link: `#answers=...`.
pub const SHARE_PREFIX: &str = "#answers=";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    Tenant,
    Admin,
    Cluster,
    Workloads,
    Access,
    Review,
}

impl Step {
    pub const ALL: [Step; 7] =
        [Step::Start, Step::Tenant, Step::Admin, Step::Cluster, Step::Workloads, Step::Access, Step::Review];

    pub fn title(self) -> &'static str {
        match self {
            Step::Start => "Start",
            Step::Tenant => "Tenant",
            Step::Admin => "Admin access",
            Step::Cluster => "Cluster",
            Step::Workloads => "Workloads",
            Step::Access => "Access",
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
            Step::Review => "review",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
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
        } else if field.starts_with("workloads") {
            Step::Workloads
        } else {
            Step::Review
        }
    }
}

/// A message shown at the top of the page, optionally with an action.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
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

/// Shared state, provided as context. All fields are signals, so the struct is `Copy`.
#[derive(Clone, Copy)]
pub struct AppState {
    pub answers: RwSignal<Answers>,
    pub findings: Memo<Vec<Finding>>,
    /// The previous and the current bundle, so the preview can mark the lines an edit changed.
    pub bundle: Memo<(Option<BundleResult>, BundleResult)>,
    pub step: RwSignal<Step>,
    pub notices: RwSignal<Vec<Notice>>,
    /// Field to focus after a step change (set by "go to field" links and fix buttons).
    pub focus_field: RwSignal<Option<String>>,
    /// The file the preview shows (a bundle path).
    pub preview_file: RwSignal<String>,
    /// Whether this visit started from saved work (so the start screen offers to resume it).
    pub resumed: bool,
}

impl AppState {
    /// Restores saved work (or a share link, or the defaults) and wires autosave.
    #[allow(clippy::new_without_default)] // it reads the browser, not a plain default
    pub fn new() -> AppState {
        let mut notices = Vec::new();
        let (initial, had_saved) = restore_saved(&mut notices);
        let answers = RwSignal::new(initial.clone());

        // A share link never silently replaces existing work.
        if let Some(fragment) = browser::location_hash().filter(|h| h.starts_with(SHARE_PREFIX)) {
            match answers::from_share(&fragment[SHARE_PREFIX.len()..]) {
                Ok(shared) if shared == initial => {}
                Ok(shared) if !had_saved => {
                    answers.set(shared);
                    notices.push(Notice {
                        kind: NoticeKind::Info,
                        text: "Loaded the answers from the shared link.".into(),
                        action: None,
                    });
                }
                Ok(shared) => notices.push(Notice {
                    kind: NoticeKind::Info,
                    text: "This link carries a set of answers. Loading them replaces the work saved in this browser.".into(),
                    action: Some(NoticeAction::LoadShared(Box::new(shared))),
                }),
                Err(error) => notices.push(Notice {
                    kind: NoticeKind::Problem,
                    text: format!("The shared link could not be read ({error}). Your saved work is unchanged."),
                    action: None,
                }),
            }
            browser::clear_location_hash();
        }

        // The generator's findings: the validator's plus values no script can carry, so the UI shows
        // every reason the bundle could be blocked, computed once per edit for both.
        let findings = Memo::new(move |_| answers.with(generate::findings));
        let bundle = Memo::new(move |previous: Option<&(Option<BundleResult>, BundleResult)>| {
            let current = answers.with(|a| findings.with(|f| generate::bundle_with(a, f)));
            (previous.map(|(_, last)| last.clone()), current)
        });

        let saved_step = browser::storage_get(STEP_KEY).and_then(|s| Step::from_slug(&s));
        let step = RwSignal::new(saved_step.unwrap_or(Step::Start));

        // Autosave on every change. YAML keeps the saved text readable if a user ever needs it.
        Effect::new(move |_| {
            let text = answers.with(answers::to_yaml);
            browser::storage_set(SAVE_KEY, &text);
        });
        Effect::new(move |_| browser::storage_set(STEP_KEY, step.get().slug()));

        AppState {
            answers,
            findings,
            bundle,
            step,
            notices: RwSignal::new(notices),
            focus_field: RwSignal::new(None),
            preview_file: RwSignal::new(String::from("setup.sh")),
            resumed: had_saved,
        }
    }

    /// Replaces all answers, keeping the old ones one click away.
    pub fn replace_answers(&self, new: Answers, what: &str) {
        let old = self.answers.get_untracked();
        if old == new {
            return;
        }
        self.answers.set(new);
        self.notices.update(|n| {
            n.retain(|x| !matches!(x.action, Some(NoticeAction::Undo(_))));
            n.push(Notice {
                kind: NoticeKind::Info,
                text: format!("{what}. Your previous answers are one click away."),
                action: Some(NoticeAction::Undo(Box::new(old))),
            })
        });
    }

    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        let text = text.into();
        self.notices.update(|n| {
            n.retain(|x| x.text != text);
            n.push(Notice { kind, text, action: None })
        });
    }

    /// Moves to the step of `field` and focuses it once rendered.
    pub fn go_to_field(&self, field: &str) {
        self.step.set(Step::of_field(field));
        self.focus_field.set(Some(field.to_string()));
    }

    /// Worst severity of the findings whose field belongs to `step`.
    pub fn step_severity(&self, step: Step) -> Option<Severity> {
        self.findings
            .with(|f| f.iter().filter(|x| Step::of_field(&x.field) == step).map(|x| x.severity).max())
    }
}

/// Reads the autosaved answers. Unreadable data is moved aside, never lost, and offered for download.
fn restore_saved(notices: &mut Vec<Notice>) -> (Answers, bool) {
    let Some(text) = browser::storage_get(SAVE_KEY) else {
        return (Answers::default(), false);
    };
    match answers::from_yaml(&text) {
        Ok(saved) => (saved, true),
        Err(error) => {
            browser::storage_set(RESCUE_KEY, &text);
            notices.push(Notice {
                kind: NoticeKind::Problem,
                text: format!(
                    "Your saved answers could not be read ({error}), so the wizard started from the example. The saved text is kept: download it to recover anything you need."
                ),
                action: Some(NoticeAction::DownloadRescued(text)),
            });
            (Answers::default(), false)
        }
    }
}

/// The id of the input bound to a field path (also used by "go to field" links).
pub fn field_id(field: &str) -> String {
    let mut id = String::from("f-");
    for c in field.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}
