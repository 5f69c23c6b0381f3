//! Component tests in the browser (wasm-bindgen-test): the UI's own logic where a unit is the natural
//! check. scripts/test runs them with wasm-bindgen-test-runner in headless Chromium
//! (`webdriver.json` holds its flags); the walk-through tests in `e2e_*.rs` cover the whole page.
#![cfg(target_arch = "wasm32")]

use aks_identity_wizard::answers::{Answers, Workload};
use aks_identity_wizard::ui::state::RowKeys;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn answers_with(workloads: usize, grants: usize, groups: usize) -> Answers {
    let mut a = Answers::default();
    a.workloads = (0..workloads).map(Workload::example).collect();
    for w in &mut a.workloads {
        let template = w.grants.first().cloned().expect("the example workload has a grant");
        w.grants = vec![template; grants];
    }
    a.admin.admin_group_object_ids = vec![String::new(); groups];
    a
}

#[wasm_bindgen_test]
fn row_keys_follow_the_lists_and_never_repeat() {
    let mut a = answers_with(3, 2, 2);
    let mut keys = RowKeys::default();
    keys.fit(&a);
    assert_eq!(keys.workloads.len(), 3);
    assert_eq!(keys.groups.len(), 2);
    assert!(keys.workloads.iter().all(|w| w.grants.len() == 2));
    let mut all: Vec<u32> = keys.groups.clone();
    for w in &keys.workloads {
        all.push(w.id);
        all.extend(&w.grants);
    }
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "every row has its own id");

    // Removing the middle workload keeps the others' ids: their views, and the focus in them, stay.
    let (first, last) = (keys.workloads[0].id, keys.workloads[2].id);
    a.workloads.remove(1);
    keys.remove_workload(1);
    keys.fit(&a);
    assert_eq!(keys.workloads.iter().map(|w| w.id).collect::<Vec<_>>(), vec![first, last]);
    assert_eq!(keys.workload_index(last), Some(1));

    // A copy inserted after the first gets a new id; the ones after it move down by one.
    a.workloads.insert(1, a.workloads[0].clone());
    keys.insert_workload(1);
    keys.fit(&a);
    let inserted = keys.workloads[1].id;
    assert!(!all.contains(&inserted), "a new row never takes an old row's id");
    assert_eq!(keys.workload_index(last), Some(2));
    assert_eq!(keys.workloads[1].grants.len(), 2, "its grants got ids too");

    // A grant removed from the middle keeps its neighbours; a grant and a group added at the end by
    // any edit (a fix, typing) get ids from `fit` alone.
    let (g0, g1) = (keys.workloads[0].grants[0], keys.workloads[0].grants[1]);
    a.workloads[0].grants.remove(0);
    keys.remove_grant(0, 0);
    keys.fit(&a);
    assert_eq!(keys.workloads[0].grants, vec![g1]);
    assert_eq!(keys.grant_index(keys.workloads[0].id, g0), None);
    a.admin.admin_group_object_ids.push(String::new());
    keys.fit(&a);
    assert_eq!(keys.groups.len(), 3);

    // Answers replaced wholesale get all-new ids.
    let before: Vec<u32> = keys.workloads.iter().map(|w| w.id).collect();
    keys.renew(&answers_with(2, 1, 1));
    assert!(keys.workloads.iter().all(|w| !before.contains(&w.id)));
    assert_eq!(keys.workloads.len(), 2);
}
