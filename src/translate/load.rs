//! Finding and reading the translation files: `translations/LANG/mailbook.yaml` and
//! `translations/LANG/recipes/ID.yaml`, each read and parsed like a recipe (bounded, UTF-8,
//! every problem with file, line, column and field path). A translation that sets a typed
//! field (a port, a host) is refused as such, not as a mere unknown field.

use super::model::{RecipeTranslation, SiteTranslation};
use crate::diagnostic::Diagnostic;
use crate::recipe::SourceFile;
use std::path::{Path, PathBuf};

/// The folder holding one folder of translations per language.
pub const TRANSLATIONS_DIR: &str = "translations";

/// What a translation file translates.
#[derive(Debug, Clone)]
pub enum Content {
    /// `mailbook.yaml`.
    Site(SiteTranslation),
    /// A recipe.
    Recipe(RecipeTranslation),
}

/// One translation file, read and parsed.
#[derive(Debug, Clone)]
pub struct LoadedTranslation {
    /// Its language (the folder's name).
    pub lang: String,
    /// The file it translates, relative to the project root (`recipes/gmail.yaml`,
    /// `mailbook.yaml`).
    pub translates: PathBuf,
    /// The file.
    pub source: SourceFile,
    /// Its content.
    pub content: Content,
}

impl LoadedTranslation {
    /// The recipe translation, if it is one.
    pub fn recipe(&self) -> Option<&RecipeTranslation> {
        match &self.content {
            Content::Recipe(t) => Some(t),
            Content::Site(_) => None,
        }
    }

    /// The site translation, if it is one.
    pub fn site(&self) -> Option<&SiteTranslation> {
        match &self.content {
            Content::Site(t) => Some(t),
            Content::Recipe(_) => None,
        }
    }
}

/// Whether `path` (relative to the root) is a translation file.
pub fn is_translation(path: &Path) -> bool {
    path.starts_with(TRANSLATIONS_DIR)
}

/// Whether `path` is a site translation (`translations/LANG/mailbook.yaml`).
pub fn is_site_translation(path: &Path) -> bool {
    is_translation(path)
        && path.components().count() == 3
        && path
            .file_name()
            .is_some_and(|n| n == crate::recipe::CONFIG_FILE)
}

/// The translation files under `root/translations`, relative to `root`, sorted: (language,
/// translated file, file).
fn translation_paths(root: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let Ok(langs) = std::fs::read_dir(root.join(TRANSLATIONS_DIR)) else {
        return out;
    };
    for lang in langs.filter_map(Result::ok) {
        let name = lang.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || !lang.path().is_dir() {
            continue;
        }
        let base = Path::new(TRANSLATIONS_DIR).join(&name);
        let site = base.join(crate::recipe::CONFIG_FILE);
        if root.join(&site).is_file() {
            out.push((
                name.clone(),
                PathBuf::from(crate::recipe::CONFIG_FILE),
                site,
            ));
        }
        let Ok(files) = std::fs::read_dir(root.join(&base).join(crate::recipe::RECIPES_DIR)) else {
            continue;
        };
        for file in files.filter_map(Result::ok) {
            let p = file.path();
            let file_name = file.file_name().to_string_lossy().to_string();
            let yaml = p.extension().is_some_and(|x| x == "yaml" || x == "yml");
            if !yaml || !p.is_file() || crate::recipe::read::is_hidden_or_backup(&p) {
                continue;
            }
            let translates = Path::new(crate::recipe::RECIPES_DIR).join(&file_name);
            let path = base.join(crate::recipe::RECIPES_DIR).join(&file_name);
            out.push((name.clone(), translates, path));
        }
    }
    out.sort_by(|a, b| a.2.cmp(&b.2));
    out
}

/// Read and parse every translation file (on every core, like the recipes), collecting
/// every problem; results keep the files' order.
pub fn load_translations(root: &Path) -> (Vec<LoadedTranslation>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let results: Vec<Result<LoadedTranslation, Vec<Diagnostic>>> = translation_paths(root)
        .into_par_iter()
        .map(|(lang, translates, path)| {
            let source = crate::recipe::read::read_source(root, &path).map_err(|d| vec![*d])?;
            let content = if translates == Path::new(crate::recipe::CONFIG_FILE) {
                parse_text::<SiteTranslation>(source).map(|(s, t)| (s, Content::Site(t)))
            } else {
                parse_text::<RecipeTranslation>(source).map(|(s, t)| (s, Content::Recipe(t)))
            };
            let (source, content) =
                content.map_err(|d| d.into_iter().map(typed_field).collect::<Vec<_>>())?;
            Ok(LoadedTranslation {
                lang,
                translates,
                source,
                content,
            })
        })
        .collect();
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(t) => loaded.push(t),
            Err(d) => problems.extend(d),
        }
    }
    (loaded, problems)
}

fn parse_text<T: serde::de::DeserializeOwned>(
    source: SourceFile,
) -> Result<(SourceFile, T), Vec<Diagnostic>> {
    if source.text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        // An empty translation translates nothing yet: every field falls back.
        let value = serde_saphyr::from_str::<T>("{}")
            .map_err(|e| vec![Diagnostic::error(&source.path, e.to_string()).code("internal")])?;
        return Ok((source, value));
    }
    crate::recipe::parse::parse_source(source)
}

/// Fields a translation can never hold: the settings and facts that exist once, in the
/// source, for every language.
const TYPED_FIELDS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "domains",
    "domain_suffixes",
    "mx_patterns",
    "status",
    "reviewed",
    "sources",
    "links",
    "requires",
    "host",
    "port",
    "security",
    "auth",
    "username",
    "password",
    "preferred",
    "plaintext_reason",
    "messages_per_day",
    "recipients_per_day",
    "recipients_per_message",
    "message_size_mb",
    "kind",
    "match",
    "phase",
    "code",
    "enhanced",
    "text",
    "checks",
    "date",
    "source",
    "effect",
    "link",
    "src",
    "url",
    "value",
    "pattern",
    "evidence",
    "field",
    "base_url",
    "edit_url",
    "language",
    "languages",
    "review_max_age_days",
    "deadline_warning_days",
    "width",
    "height",
];

/// An unknown field that is a typed field of the source becomes its own error, which says
/// why: a translation holds prose only.
fn typed_field(d: Diagnostic) -> Diagnostic {
    if d.code != "unknown-field" {
        return d;
    }
    let name = d
        .path
        .rsplit(['.', ']'])
        .next()
        .unwrap_or_default()
        .to_string();
    if !TYPED_FIELDS.contains(&name.as_str()) {
        return d;
    }
    let mut d = d;
    d.code = "translation-sets-setting";
    d.message = format!("a translation cannot set `{name}`: it is a setting, not prose");
    d.help = Some(
        "hosts, ports, security modes, codes, dates and URLs exist once, in the recipe (or \
         mailbook.yaml), and every language shows them from there; delete this line, and \
         change the value in the source file if it is wrong"
            .to_string(),
    );
    d
}
