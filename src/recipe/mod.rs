//! Recipes: the model (serde types = the schema), loading with locations, and the rules
//! that span files (unique ids and domains, links between entries).

pub mod docs;
pub mod external;
mod load;
pub mod locate;
mod model;
mod parallel;
pub mod sasl;
mod structure;
pub mod validate;

pub use load::{
    CONFIG_FILE, LoadOutcome, LoadedRecipe, MAX_FILE_BYTES, Project, RECIPES_DIR, SourceFile,
    did_you_mean, load_all,
};
pub use model::*;
pub use validate::{PAGE_ANCHORS, PLACEHOLDER, validate, validate_loaded};
