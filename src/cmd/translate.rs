//! `mailbook translate status` and `mailbook translate update`: what a translator needs to
//! know (which sentences went stale after a writer's edit) and the one way the
//! `translated_from` blocks are written.

use crate::cli::TranslateCommand;
use crate::recipe::locate::PathMap;
use crate::recipe::rules::translations::accept_name;
use crate::recipe::{Project, SourceFile};
use crate::translate::fields::{Field, State, recipe_fields, site_fields};
use crate::translate::{LoadedTranslation, TRANSLATIONS_DIR, TranslatedFrom, stamp};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Run a `translate` subcommand.
pub fn run(root: &Path, command: TranslateCommand) -> anyhow::Result<ExitCode> {
    let project = match Project::load(root) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{}", d.render_text(crate::diagnostic::use_color(false)));
            return Ok(ExitCode::from(2));
        }
    };
    match command {
        TranslateCommand::Status { languages, missing } => status(&project, &languages, missing),
        TranslateCommand::Update { language, accept } => update(root, &project, &language, &accept),
    }
}

/// One source file with its translation into one language, if there is one.
struct Pair<'a> {
    source: &'a SourceFile,
    translation: Option<&'a LoadedTranslation>,
    fields: Vec<Field<'a>>,
    from: TranslatedFrom,
}

fn pairs<'a>(project: &'a Project, lang: &str) -> Vec<Pair<'a>> {
    let of: std::collections::HashMap<&Path, &LoadedTranslation> = project
        .translations
        .iter()
        .filter(|t| t.lang == lang)
        .map(|t| (t.translates.as_path(), t))
        .collect();
    let find = |path: &Path| of.get(path).copied();
    let mut out = Vec::new();
    let t = find(Path::new(crate::recipe::CONFIG_FILE));
    out.push(Pair {
        source: &project.config_source,
        translation: t,
        fields: site_fields(&project.config, t.and_then(|t| t.site())),
        from: t
            .and_then(|t| t.site())
            .map(|s| s.translated_from.clone())
            .unwrap_or_default(),
    });
    for loaded in &project.recipes {
        let t = find(&loaded.source.path);
        out.push(Pair {
            source: &loaded.source,
            translation: t,
            fields: recipe_fields(&loaded.recipe, t.and_then(|t| t.recipe())),
            from: t
                .and_then(|t| t.recipe())
                .map(|r| r.translated_from.clone())
                .unwrap_or_default(),
        });
    }
    out
}

fn place(source: &SourceFile, map: &mut Option<PathMap>, path: &str) -> String {
    let map = map.get_or_insert_with(|| PathMap::new(&source.text));
    match map.locate(path) {
        Some((l, c)) => format!("{}:{l}:{c}", source.path.display()),
        None => source.path.display().to_string(),
    }
}

fn status(project: &Project, languages: &[String], list_missing: bool) -> anyhow::Result<ExitCode> {
    let langs: Vec<String> = if languages.is_empty() {
        project.config.languages.clone()
    } else {
        languages.to_vec()
    };
    let mut out = String::new();
    for lang in &langs {
        let (mut translated, mut stale, mut missing) = (0, 0, 0);
        let mut lines = Vec::new();
        for pair in pairs(project, lang) {
            let (mut smap, mut tmap) = (None, None);
            for f in &pair.fields {
                match f.state(&pair.from) {
                    State::Current | State::Unstamped => translated += 1,
                    State::Stale => {
                        stale += 1;
                        let t = pair.translation.expect("a stale field has a translation");
                        lines.push(format!(
                            "  stale    {}  {}  (source changed: {})",
                            place(&t.source, &mut tmap, &f.translation_path),
                            f.key,
                            place(pair.source, &mut smap, &f.source_path),
                        ));
                    }
                    State::Missing if f.optional => {}
                    State::Missing => {
                        missing += 1;
                        if list_missing {
                            lines.push(format!(
                                "  missing  {}  {}",
                                place(pair.source, &mut smap, &f.source_path),
                                f.key
                            ));
                        }
                    }
                }
            }
        }
        out.push_str(&format!(
            "{lang}: {translated} translated, {stale} stale, {missing} missing\n"
        ));
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    crate::text::print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn update(
    root: &Path,
    project: &Project,
    lang: &str,
    accept: &[String],
) -> anyhow::Result<ExitCode> {
    let mut used = vec![false; accept.len()];
    let mut changed = 0;
    for pair in pairs(project, lang) {
        let Some(t) = pair.translation else { continue };
        let is_accepted = |key: &str| {
            let name = accept_name(pair.source, key);
            accept.contains(&name)
        };
        let (entries, what) = stamp::entries(&pair.fields, &pair.from, &is_accepted);
        for (i, a) in accept.iter().enumerate() {
            if what
                .accepted
                .iter()
                .any(|k| accept_name(pair.source, k) == *a)
            {
                used[i] = true;
            }
        }
        let text = stamp::rewrite(&t.source.text, &entries);
        if text != t.source.text {
            write_file(&root.join(&t.source.path), &text)?;
            changed += 1;
        }
        for key in &what.recorded {
            eprintln!("recorded  {}  {key}", t.source.path.display());
        }
        for key in &what.accepted {
            eprintln!("accepted  {}  {key}", t.source.path.display());
        }
        for key in &what.still_stale {
            eprintln!(
                "stale     {}  {key}  (revise it, then --accept '{}')",
                t.source.path.display(),
                accept_name(pair.source, key)
            );
        }
    }
    for (a, used) in accept.iter().zip(used) {
        if !used {
            eprintln!(
                "error: `{a}` is not a stale field of a {lang} translation (see `mailbook translate status {lang}`)"
            );
            return Ok(ExitCode::from(1));
        }
    }
    eprintln!(
        "{changed} file{} of {} updated",
        if changed == 1 { "" } else { "s" },
        PathBuf::from(TRANSLATIONS_DIR).join(lang).display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let tmp = path.with_extension("yaml.mailbook-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}
