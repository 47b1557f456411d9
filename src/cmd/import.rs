//! `mailbook import ispdb FILE.xml`.

use crate::cli::ImportKind;
use crate::drift::autoconfig;
use anyhow::{Context, bail};
use std::path::Path;
use std::process::ExitCode;

/// Run `import`.
pub fn run(root: &Path, kind: ImportKind) -> anyhow::Result<ExitCode> {
    let ImportKind::Ispdb { file, id } = kind;
    let meta =
        std::fs::metadata(&file).with_context(|| format!("cannot read {}", file.display()))?;
    if meta.len() > crate::drift::http::MAX_BODY_BYTES {
        bail!(
            "{}: larger than {} KiB; an autoconfig file is a few kilobytes",
            file.display(),
            crate::drift::http::MAX_BODY_BYTES / 1024
        );
    }
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let published =
        autoconfig::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let id = match id {
        Some(id) => id,
        None => crate::import::id_for(published.domains.first().map_or("", String::as_str)),
    };
    let name = published
        .name
        .clone()
        .unwrap_or_else(|| format!("{} display name", crate::recipe::PLACEHOLDER));
    super::new::check_new(root, &id)?;
    let skeleton = super::new::skeleton(&id, &name);
    let text = crate::import::fill(&skeleton, &id, &published)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    super::new::write_new(root, &id, &text)?;
    eprintln!(
        "wrote {}/{id}.yaml from {}: write the prose where it says `{}`, replace the `example.invalid` links, then run `mailbook check`",
        crate::recipe::RECIPES_DIR,
        file.display(),
        crate::recipe::PLACEHOLDER
    );
    Ok(ExitCode::SUCCESS)
}
