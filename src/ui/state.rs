//! The app's state: the answers, what derives from them (findings, the bundle), and the browser
//! plumbing that keeps the user's work: autosave, share links, notices.

use crate::answers::{self, Answers};
use crate::generate::{self, GeneratedFile};
use crate::validate::{Finding, Severity};

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

/// One entry of `presets/index.json`. JSON is YAML, so the one YAML reader reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetEntry {
    pub file: String,
    pub title: String,
    pub blurb: String,
}
crate::yaml::yaml_struct!(PresetEntry { file, title, blurb });

/// The preset list on the start screen, fetched once.
#[derive(Debug, Clone, PartialEq)]
pub enum Presets {
    Loading,
    Ready(Vec<PresetEntry>),
    Failed(String),
}

/// Everything the page shows. The findings and the bundle are derived from the answers and
/// recomputed once per change of them (`refresh`), never per render.
pub struct App {
    pub answers: Answers,
    pub findings: Vec<Finding>,
    pub bundle: BundleResult,
    /// The bundle before the last change of the answers, so the preview can mark what changed.
    pub previous_bundle: Option<BundleResult>,
    pub step: Step,
    pub notices: Vec<Notice>,
    /// The file the preview shows (a bundle path).
    pub preview_file: String,
    /// Whether this visit started from saved work (so the start screen offers to resume it).
    pub resumed: bool,
    pub presets: Presets,
    /// The preset being fetched.
    pub loading_preset: Option<PresetEntry>,
    pub import_error: Option<String>,
    pub confirm_start_over: bool,
    pub dragging: bool,
    /// Where focus goes after the next render (a field path, or the step heading on a step change).
    pub focus: Option<Focus>,
    /// The share link, made (deflate and all) the first time a render needs it after the answers
    /// change, not on every render of the Review step.
    share_link: std::cell::OnceCell<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// The step changed: its heading, so keyboard and screen-reader users land on the new step.
    Heading,
    /// A field (path): after a fix or a "go to the field" link; the heading if the field is gone.
    Field(String),
    /// An element by id, when the control the user pressed was replaced or removed.
    Element(String),
}

impl App {
    /// Restores saved work (or a share link, or the defaults).
    #[allow(clippy::new_without_default)] // it reads the browser, not a plain default
    pub fn new() -> App {
        let mut notices = Vec::new();
        let (initial, had_saved) = restore_saved(&mut notices);
        let mut answers = initial.clone();

        // A share link never silently replaces existing work.
        if let Some(fragment) = browser::location_hash().filter(|h| h.starts_with(SHARE_PREFIX)) {
            match answers::from_share(&fragment[SHARE_PREFIX.len()..]) {
                Ok(shared) if shared == initial => {}
                Ok(shared) if !had_saved => {
                    answers = shared;
                    notices.push(Notice::info("Loaded the answers from the shared link."));
                }
                Ok(shared) => notices.push(Notice {
                    kind: NoticeKind::Info,
                    text: "This link carries a set of answers. Loading them replaces the work saved in this browser.".into(),
                    action: Some(NoticeAction::LoadShared(Box::new(shared))),
                }),
                Err(error) => notices.push(Notice::problem(format!(
                    "The shared link could not be read ({error}). Your saved work is unchanged."
                ))),
            }
            browser::clear_location_hash();
        }

        let saved_step = browser::storage_get(STEP_KEY).and_then(|s| Step::from_slug(&s));
        let mut app = App {
            answers,
            findings: Vec::new(),
            bundle: Ok(Vec::new()),
            previous_bundle: None,
            step: saved_step.unwrap_or(Step::Start),
            notices,
            preview_file: String::from("setup.sh"),
            resumed: had_saved,
            presets: Presets::Loading,
            loading_preset: None,
            import_error: None,
            confirm_start_over: false,
            dragging: false,
            focus: None,
            share_link: std::cell::OnceCell::new(),
        };
        app.refresh();
        app.previous_bundle = None;
        app
    }

    /// Recomputes what derives from the answers, once for the findings and the bundle alike, and
    /// autosaves. YAML keeps the saved text readable if a user ever needs it.
    fn refresh(&mut self) {
        self.findings = generate::findings(&self.answers);
        let bundle = generate::bundle_with(&self.answers, &self.findings);
        self.previous_bundle = Some(std::mem::replace(&mut self.bundle, bundle));
        self.share_link = std::cell::OnceCell::new();
        browser::storage_set(SAVE_KEY, &answers::to_yaml(&self.answers));
    }

    /// The page's address with the answers in its fragment.
    pub fn share_link(&self) -> &str {
        self.share_link
            .get_or_init(|| format!("{}{}{}", browser::page_url(), SHARE_PREFIX, answers::to_share(&self.answers)))
    }

    /// Changes the answers in place; nothing is recomputed when the edit changed nothing.
    pub fn edit(&mut self, change: impl FnOnce(&mut Answers)) {
        let mut next = self.answers.clone();
        change(&mut next);
        self.set_answers(next);
    }

    pub fn set_answers(&mut self, next: Answers) {
        if next != self.answers {
            self.answers = next;
            self.refresh();
        }
    }

    /// Replaces all answers, keeping the old ones one click away.
    pub fn replace_answers(&mut self, new: Answers, what: &str) {
        if self.answers == new {
            return;
        }
        let old = std::mem::replace(&mut self.answers, new);
        self.refresh();
        self.notices.retain(|x| !matches!(x.action, Some(NoticeAction::Undo(_))));
        self.notices.push(Notice {
            kind: NoticeKind::Info,
            text: format!("{what}. Your previous answers are one click away."),
            action: Some(NoticeAction::Undo(Box::new(old))),
        });
    }

    pub fn notify(&mut self, notice: Notice) {
        self.notices.retain(|x| x.text != notice.text);
        self.notices.push(notice);
    }

    pub fn go_to_step(&mut self, step: Step) {
        if step != self.step {
            self.step = step;
            self.focus = Some(Focus::Heading);
            browser::storage_set(STEP_KEY, step.slug());
        }
    }

    /// Moves to the step of `field` and focuses it once rendered.
    pub fn go_to_field(&mut self, field: &str) {
        self.go_to_step(Step::of_field(field));
        self.focus = Some(Focus::Field(field.to_string()));
    }

    /// Worst severity of the findings whose field belongs to `step`.
    pub fn step_severity(&self, step: Step) -> Option<Severity> {
        self.findings.iter().filter(|x| Step::of_field(&x.field) == step).map(|x| x.severity).max()
    }

    /// The generated files, or none while an error blocks them.
    pub fn files(&self) -> &[GeneratedFile] {
        self.bundle.as_deref().unwrap_or(&[])
    }
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Info, text: text.into(), action: None }
    }

    pub fn problem(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Problem, text: text.into(), action: None }
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
