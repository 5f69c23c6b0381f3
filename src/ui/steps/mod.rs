//! One render function per wizard step.

mod access;
mod admin;
mod cluster;
mod review;
mod start;
mod tenant;
mod workloads;

pub use access::{new_grant, retarget};
pub use review::ZIP_NAME;
pub use start::safe_preset_file;
pub use workloads::duplicate;

use super::html::Html;
use super::state::{App, Step};

pub fn render(h: &mut Html, app: &App) {
    match app.step {
        Step::Start => start::render(h, app),
        Step::Tenant => tenant::render(h, app),
        Step::Admin => admin::render(h, app),
        Step::Cluster => cluster::render(h, app),
        Step::Workloads => workloads::render(h, app),
        Step::Access => access::render(h, app),
        Step::Review => review::render(h, app),
    }
}

/// The step's heading: focus lands here when the step opens.
fn heading(h: &mut Html, title: &str) {
    h.raw("<h1 id=\"step-heading\" tabindex=\"-1\">").esc(title).raw("</h1>");
}
