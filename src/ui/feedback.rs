//! What a button just did (copied, download started, or why not), said beside the button that was
//! pressed instead of in the notices at the top of the page, which on a phone can be a long way up.
//!
//! The text sits in a live region (`role="status"`) that is on the page from the start, so a screen
//! reader reads each new sentence once; nothing else says it (no notice repeats it).

use leptos::prelude::*;

use super::browser;
use super::state::NOTICE_CLOSES_AFTER;

/// One button's feedback: set by its click handler, shown by a [`FeedbackText`] beside it.
#[derive(Debug, Clone, Copy)]
pub struct Feedback {
    said: RwSignal<Option<Said>>,
    /// Counts what was said, so an older sentence's timer never clears a newer one.
    count: StoredValue<u32>,
    /// The text's element, scrolled into view when it speaks (a button pressed at the very bottom
    /// of the screen would otherwise say it out of sight).
    node: NodeRef<leptos::html::Span>,
}

#[derive(Debug, Clone, PartialEq)]
struct Said {
    text: String,
    problem: bool,
}

impl Feedback {
    #[allow(clippy::new_without_default)] // it owns signals: made in a component, not by default
    pub fn new() -> Feedback {
        Feedback { said: RwSignal::new(None), count: StoredValue::new(0), node: NodeRef::new() }
    }

    /// It worked: said, then cleared after a while.
    pub fn done(self, text: impl Into<String>) {
        let n = self.say(text.into(), false);
        set_timeout(
            move || {
                if self.count.try_get_value() == Some(n) {
                    self.said.try_set(None);
                }
            },
            NOTICE_CLOSES_AFTER,
        );
    }

    /// It did not work: said, and kept until the button is pressed again.
    pub fn failed(self, text: impl Into<String>) {
        self.say(text.into(), true);
    }

    fn say(self, text: String, problem: bool) -> u32 {
        let n = self.count.get_value() + 1;
        self.count.set_value(n);
        // Emptied first and filled on the next frame: the same sentence twice (a second copy) is a
        // change a screen reader announces again.
        self.said.set(None);
        request_animation_frame(move || {
            if self.count.try_get_value() == Some(n) {
                self.said.try_set(Some(Said { text, problem }));
                if let Some(node) = self.node.get_untracked() {
                    browser::reveal_after_render(node.into());
                }
            }
        });
        n
    }
}

/// The live region beside a button, empty until the button has something to say.
#[component]
pub fn FeedbackText(feedback: Feedback) -> impl IntoView {
    let class = move || match feedback.said.with(|s| s.as_ref().map(|s| s.problem)) {
        Some(true) => "feedback problem",
        _ => "feedback",
    };
    view! {
        <span class=class role="status" node_ref=feedback.node>{move || feedback.said.with(|s| s.as_ref().map(|s| s.text.clone()))}</span>
    }
}

/// Saves a file and says so beside the button, or why it could not.
pub fn download(feedback: Feedback, name: &str, bytes: &[u8], mime: &str) {
    if browser::download(name, bytes, mime) {
        feedback.done(format!("Download started: {name}."));
    } else {
        feedback.failed("The download failed: the browser refused to create the file.");
    }
}

/// Copies text, then says beside the button whether it worked.
pub fn copy(feedback: Feedback, text: String, done: &'static str) {
    leptos::task::spawn_local(async move {
        if browser::copy_text(&text).await {
            feedback.done(done);
        } else {
            feedback.failed("Could not copy: the browser did not allow copying; select the text and copy it by hand.");
        }
    });
}
