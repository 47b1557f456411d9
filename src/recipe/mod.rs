//! Recipes: the model (serde types = the schema), loading with locations, and the rules
//! that span files (unique ids and domains, links between entries).

mod load;
mod model;
mod validate;

pub use load::{LoadedRecipe, Project, SourceFile};
pub use model::*;
pub use validate::validate;
