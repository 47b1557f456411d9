//! The translations' rules: every translation file translates a file and ids that exist,
//! in a language the site is built in, and each translated field still translates the
//! current source text. A stale field is a warning naming both places: the translation to
//! revise and the source text that changed.

use super::{Annotate, Found};
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::recipe::locate::PathMap;
use crate::recipe::{LoadedRecipe, SourceFile};
use crate::translate::fields::{Field, State, recipe_fields, site_fields};
use crate::translate::{LoadedTranslation, TranslatedFrom};

/// Every rule over the translations; diagnostics come back located.
pub fn check(
    config: Option<(&SourceFile, &SiteConfig)>,
    recipes: &[LoadedRecipe],
    translations: &[LoadedTranslation],
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let by_path: std::collections::HashMap<&std::path::Path, &LoadedRecipe> = recipes
        .iter()
        .map(|l| (l.source.path.as_path(), l))
        .collect();
    let per_file: Vec<Vec<Diagnostic>> = translations
        .par_iter()
        .map(|t| check_one(config, &by_path, t))
        .collect();
    per_file.into_iter().flatten().collect()
}

/// The rules over one translation file.
fn check_one(
    config: Option<(&SourceFile, &SiteConfig)>,
    recipes: &std::collections::HashMap<&std::path::Path, &LoadedRecipe>,
    t: &LoadedTranslation,
) -> Vec<Diagnostic> {
    {
        let mut f = Found::new(&t.source.path);
        if let Some((_, c)) = config
            && !c.languages.contains(&t.lang)
        {
            f.warning(
                "translation-not-built",
                "",
                format!("the site is not built in `{}`", t.lang),
            )
            .help(format!(
                "add `{}` to `languages` in mailbook.yaml, or remove this folder",
                t.lang
            ));
        }
        let source = match (&t.content, config) {
            (crate::translate::Content::Site(s), Some((source, c))) => {
                unknown_site_ids(c, s, &mut f);
                Some((source, site_fields(c, Some(s)), &s.translated_from))
            }
            (crate::translate::Content::Recipe(r), _) => {
                match recipes.get(t.translates.as_path()) {
                    Some(l) => {
                        unknown_recipe_ids(&l.recipe, r, &mut f);
                        Some((
                            &l.source,
                            recipe_fields(&l.recipe, Some(r)),
                            &r.translated_from,
                        ))
                    }
                    None => {
                        f.warning(
                            "translation-without-source",
                            "",
                            format!("there is no `{}` to translate", t.translates.display()),
                        )
                        .help("name the file after the recipe it translates, or remove it");
                        None
                    }
                }
            }
            _ => None,
        };
        if let Some((source, fields, from)) = source {
            staleness(&t.lang, source, &fields, from, &mut f);
        }
        f.locate(&t.source)
    }
}

/// A warning per stale or unstamped field, at the translation, naming the source's place.
fn staleness(
    lang: &str,
    source: &SourceFile,
    fields: &[Field<'_>],
    from: &TranslatedFrom,
    f: &mut Found<'_>,
) {
    let mut map: Option<PathMap> = None;
    for field in fields {
        match field.state(from) {
            State::Stale => {
                let map = map.get_or_insert_with(|| PathMap::new(&source.text));
                let (line, column) = map.locate(&field.source_path).unwrap_or((0, 0));
                f.warning(
                    "translation-stale",
                    field.translation_path.clone(),
                    format!("{lang}: {} translates an older text", field.key),
                )
                .help(format!(
                    "the source text at {}:{line}:{column} (`{}`) changed since this was \
                     translated; until it is revised the {lang} page shows that section in \
                     the source language. Revise it, then run `mailbook translate update \
                     {lang} --accept '{}'`",
                    source.path.display(),
                    field.source_path,
                    accept_name(source, &field.key),
                ));
            }
            State::Unstamped => {
                f.warning(
                    "translation-unstamped",
                    field.translation_path.clone(),
                    format!(
                        "{lang}: {} does not record which text it translates",
                        field.key
                    ),
                )
                .help(format!(
                    "run `mailbook translate update {lang}` to record it (it is written by \
                     the command, not by hand)"
                ));
            }
            State::Current | State::Missing => {}
        }
    }
}

/// How `translate update --accept` names a field: `gmail:steps[x].body`,
/// `mailbook:general_requirements[x].body`.
pub fn accept_name(source: &SourceFile, key: &str) -> String {
    let stem = source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("{stem}:{key}")
}

fn unknown_id(f: &mut Found<'_>, path: String, what: &str, id: &str, known: &[&str]) {
    let d = f
        .warning(
            "translation-unknown-id",
            path,
            format!("there is no {what} `{id}` in the source"),
        )
        .expected(format!("one of {}", super::few(known, 8)));
    if let Some(s) = crate::recipe::did_you_mean(id, known) {
        d.help(format!("did you mean `{s}`?"));
    }
}

fn unknown_recipe_ids(
    recipe: &crate::recipe::Recipe,
    t: &crate::translate::RecipeTranslation,
    f: &mut Found<'_>,
) {
    let steps: Vec<&str> = recipe.steps.iter().map(|s| s.id.as_str()).collect();
    for id in t.steps.keys().filter(|id| !steps.contains(&id.as_str())) {
        unknown_id(f, format!("steps.{id}"), "step", id, &steps);
    }
    let entries: Vec<&str> = recipe
        .troubleshooting
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    for id in t
        .troubleshooting
        .keys()
        .filter(|id| !entries.contains(&id.as_str()))
    {
        unknown_id(
            f,
            format!("troubleshooting.{id}"),
            "troubleshooting entry",
            id,
            &entries,
        );
    }
    for (name, have, source) in [
        ("notes", t.notes.len(), recipe.notes.len()),
        ("smtp", t.smtp.len(), recipe.smtp.len()),
        ("changelog", t.changelog.len(), recipe.changelog.len()),
    ] {
        if have > source {
            f.warning(
                "translation-unknown-id",
                format!("{name}[{source}]"),
                format!("the source has {source} `{name}` entries; this translation has {have}"),
            )
            .help("entries are matched by position: remove the extra ones");
        }
    }
}

fn unknown_site_ids(c: &SiteConfig, t: &crate::translate::SiteTranslation, f: &mut Found<'_>) {
    let ids: Vec<&str> = c
        .general_requirements
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    for id in t
        .general_requirements
        .keys()
        .filter(|id| !ids.contains(&id.as_str()))
    {
        unknown_id(
            f,
            format!("general_requirements.{id}"),
            "general requirement",
            id,
            &ids,
        );
    }
    let Some(app) = &t.app else { return };
    let rules: Vec<&str> = c.app.rules.iter().map(|r| r.id.as_str()).collect();
    for id in app.rules.keys().filter(|id| !rules.contains(&id.as_str())) {
        unknown_id(f, format!("app.rules.{id}"), "input rule", id, &rules);
    }
    for value in app.fields.keys() {
        if !c.app.fields.iter().any(|x| x.value == *value) {
            let word = crate::words::word(value);
            f.warning(
                "translation-unknown-id",
                format!("app.fields.{word}"),
                format!("the form has no field filled with `{word}`"),
            );
        }
    }
}
