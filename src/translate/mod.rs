//! Translations: the help center in more than one language, with the data single-sourced.
//!
//! Only prose is translated. A translation file per language and source file
//! (`translations/ru/recipes/gmail.yaml`, `translations/ru/mailbook.yaml`) holds titles,
//! bodies, summaries, hints, causes, fixes, notes, the form's labels and rule messages, keyed
//! by the ids the source already has ([`model`]); every setting comes from the recipe. Each
//! translated field records the hash of the source text it translates ([`fields::hash`],
//! written by `mailbook translate update`, [`stamp`]), so a writer's edit makes exactly the
//! affected fields stale: `check` warns, and the page shows that section in the source
//! language with a note ([`apply`]) until it is translated again.

pub mod apply;
pub mod fields;
pub mod load;
pub mod model;
pub mod stamp;

pub use load::{
    Content, LoadedTranslation, TRANSLATIONS_DIR, is_site_translation, is_translation,
    load_translations,
};
pub use model::{RecipeTranslation, SiteTranslation, TranslatedFrom};
