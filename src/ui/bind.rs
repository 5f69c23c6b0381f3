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

/// Select options from a fixed list of values, each shown by `label`.
pub fn options<T: Copy + 'static>(values: &[T], value_of: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    values.iter().map(|v| (value_of(*v).to_string(), label(*v).to_string())).collect()
}
