//! Rules beyond the types: within a recipe (unique step ids, links to anchors that exist,
//! status-dependent fields) and across recipes (unique ids and domains).

use crate::diagnostic::Diagnostic;
use crate::recipe::Project;

/// Every rule over a loaded project; errors and warnings, in file order.
pub fn validate(_project: &Project) -> Vec<Diagnostic> {
    Vec::new()
}
