//! The page is rendered as HTML text and patched into the DOM (`browser.js`). Every value from the
//! user goes through `esc`, so no answer can become markup; fixed markup goes through `raw`.

/// HTML under construction.
#[derive(Default)]
pub struct Html(String);

impl Html {
    /// Markup written in this crate (never user data).
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text or an attribute value: escaped so it can never open a tag or leave its quotes.
    pub fn esc(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// ` name="value"`, value escaped.
    pub fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        self.raw(" ").raw(name).raw("=\"").esc(value).raw("\"")
    }

    /// ` name="value"` only when `value` is not empty.
    pub fn attr_if(&mut self, name: &str, value: &str) -> &mut Self {
        if !value.is_empty() {
            self.attr(name, value);
        }
        self
    }

    /// A number as text (no escaping needed).
    pub fn num(&mut self, n: usize) -> &mut Self {
        self.0.push_str(&n.to_string());
        self
    }

    /// `<button type="button" class=.. data-a=.. data-v=..>label</button>`: every button is an
    /// action the one click handler dispatches on (see `ui::act`).
    pub fn button(&mut self, class: &str, action: &str, value: &str, label: &str) -> &mut Self {
        self.button_with_id("", class, action, value, label)
    }

    /// A [`button`](Self::button) that focus can be sent to by `id`.
    pub fn button_with_id(&mut self, id: &str, class: &str, action: &str, value: &str, label: &str) -> &mut Self {
        self.raw("<button type=\"button\"").attr_if("id", id).attr_if("class", class).attr("data-a", action);
        self.attr_if("data-v", value).raw(">").esc(label).raw("</button>")
    }

    pub fn into_string(self) -> String {
        self.0
    }
}
