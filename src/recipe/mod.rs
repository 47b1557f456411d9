//! Recipes: the model (serde types = the schema), loading with locations, and the rules
//! that span files (unique ids and domains, links between entries).

pub mod confirmed;
pub mod docs;
pub mod external;
pub mod fields;
mod indent;
pub(crate) mod load;
pub mod locate;
mod model;
pub(crate) mod parse;
pub mod policy;
pub(crate) mod read;
pub mod rules;
pub mod sasl;
mod structure;
mod suggest;
mod written;
mod yaml_error;

pub use load::{
    CONFIG_FILE, LoadOutcome, LoadedRecipe, MAX_FILE_BYTES, Project, RECIPES_DIR, SourceFile,
    load_all,
};
pub use model::*;
pub use rules::placeholders::PLACEHOLDER;
pub use rules::reserved::{PAGE_ANCHORS, RESERVED_IDS};
pub use rules::{Checked, ValidProject, validate, validate_loaded};
pub use suggest::did_you_mean;
