//! `mailbook schema`: print the JSON Schema generated from the types.

use crate::cli::SchemaKind;
use std::process::ExitCode;

/// Run `schema`.
pub fn run(kind: SchemaKind) -> anyhow::Result<ExitCode> {
    let schema = match kind {
        SchemaKind::Recipe => schemars::schema_for!(crate::recipe::Recipe),
        SchemaKind::Config => schemars::schema_for!(crate::config::SiteConfig),
        SchemaKind::Report => schemars::schema_for!(crate::report::Report),
        SchemaKind::Translation => schemars::schema_for!(crate::translate::RecipeTranslation),
        SchemaKind::SiteTranslation => {
            schemars::schema_for!(crate::translate::SiteTranslation)
        }
    };
    crate::text::print_out(&format!("{}\n", serde_json::to_string_pretty(&schema)?))?;
    Ok(ExitCode::SUCCESS)
}
