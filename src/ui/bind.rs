//! Binding helpers: turn a getter and a setter on `Answers` into the signal + callback pair a field
//! takes. The getter is memoised, so a keystroke only touches the DOM of fields whose value changed.

use crate::answers::Answers;
use leptos::prelude::*;

use super::state::AppState;

pub fn text(
    state: AppState,
    get: impl Fn(&Answers) -> String + Send + Sync + 'static,
    put: impl Fn(&mut Answers, String) + Send + Sync + 'static,
) -> (Signal<String>, Callback<String>) {
    let value = Memo::new(move |_| state.answers.with(&get));
    (value.into(), Callback::new(move |v: String| state.answers.update(|a| put(a, v))))
}

pub fn flag(
    state: AppState,
    get: impl Fn(&Answers) -> bool + Send + Sync + 'static,
    put: impl Fn(&mut Answers, bool) + Send + Sync + 'static,
) -> (Signal<bool>, Callback<bool>) {
    let value = Memo::new(move |_| state.answers.with(&get));
    (value.into(), Callback::new(move |v: bool| state.answers.update(|a| put(a, v))))
}

/// A select bound to an enum: the select's value is `value_of(choice)`; an unknown value is ignored.
pub fn choice<T: Copy + Send + Sync + 'static>(
    state: AppState,
    all: &'static [T],
    value_of: fn(T) -> &'static str,
    get: impl Fn(&Answers) -> Option<T> + Send + Sync + 'static,
    put: impl Fn(&mut Answers, T) + Send + Sync + 'static,
) -> (Signal<String>, Callback<String>) {
    text(
        state,
        move |a| get(a).map(value_of).unwrap_or_default().to_string(),
        move |a, v| {
            if let Some(c) = all.iter().copied().find(|c| value_of(*c) == v) {
                put(a, c)
            }
        },
    )
}

/// A text field of one item of a list (a workload, a grant), found again by `locate` on every read
/// and write so removing another item never writes into the wrong one.
pub fn item_text<I: 'static>(
    state: AppState,
    locate: impl Fn(&Answers) -> Option<&I> + Send + Sync + 'static,
    locate_mut: impl Fn(&mut Answers) -> Option<&mut I> + Send + Sync + 'static,
    field: fn(&mut I) -> &mut String,
    read: fn(&I) -> &String,
) -> (Signal<String>, Callback<String>) {
    text(
        state,
        move |a| locate(a).map(|item| read(item).clone()).unwrap_or_default(),
        move |a, v| {
            if let Some(item) = locate_mut(a) {
                *field(item) = v
            }
        },
    )
}

/// Select options from a fixed list of values, each shown by `label`.
pub fn options<T: Copy + 'static>(values: &[T], value_of: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    values.iter().map(|v| (value_of(*v).to_string(), label(*v).to_string())).collect()
}
