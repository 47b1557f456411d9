//! Reading `mailbook.yaml` and `recipes/*.yaml` into typed values, keeping each file's text
//! so that any later problem can be shown with its line.
//!
//! Hostile or broken files are expected: every file is size-checked from its metadata before
//! it is read, must be UTF-8, and is parsed under serde-saphyr's budgets (aliases, depth,
//! nodes), so no input makes `check` panic, hang or run out of memory. Every problem of every
//! file is collected; one bad file never hides another.

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::recipe::Recipe;
use crate::recipe::locate::{PathMap, parent};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The name of the site configuration file at the project root.
pub const CONFIG_FILE: &str = "mailbook.yaml";
/// The folder holding the recipes, relative to the project root.
pub const RECIPES_DIR: &str = "recipes";
/// The largest file `mailbook` reads: a real recipe is a few kilobytes, so anything bigger
/// is a mistake (or an attack) and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A file's path (as shown to the user) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project root, e.g. `recipes/gmail.yaml`.
    pub path: PathBuf,
    /// The file's full text.
    pub text: String,
}

/// A recipe with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedRecipe {
    /// The file.
    pub source: SourceFile,
    /// The parsed recipe.
    pub recipe: Recipe,
}

/// Everything a command reads: the site configuration and every recipe, sorted by id.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project root (the folder holding `mailbook.yaml`).
    pub root: PathBuf,
    /// `mailbook.yaml`.
    pub config_source: SourceFile,
    /// The parsed site configuration.
    pub config: SiteConfig,
    /// Every recipe, sorted by file name.
    pub recipes: Vec<LoadedRecipe>,
}

/// What [`load_all`] could read: whatever parsed, plus a diagnostic for everything that did
/// not. `check` validates the parts that loaded, so one broken file hides nothing else.
#[derive(Debug, Clone)]
pub struct LoadOutcome {
    /// The project root.
    pub root: PathBuf,
    /// `mailbook.yaml` and its parsed value, when it loaded.
    pub config: Option<(SourceFile, SiteConfig)>,
    /// Every recipe that loaded, sorted by file name.
    pub recipes: Vec<LoadedRecipe>,
    /// Every problem met while reading and parsing, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Load the configuration and every recipe under `root`, reporting every problem found.
    pub fn load(root: &Path) -> Result<Project, Diagnostics> {
        Project::load_reusing(root, &[])
    }

    /// [`Project::load`] for a session that loads the same project again and again
    /// (`mailbook serve`): a recipe whose file has the same path and byte-identical text as
    /// one in `previous` is taken from there instead of being parsed again. Parsing depends
    /// on nothing but the path and the text, so the result is the same either way.
    pub fn load_reusing(root: &Path, previous: &[LoadedRecipe]) -> Result<Project, Diagnostics> {
        let outcome = load_all_reusing(root, previous);
        match outcome.config {
            Some((config_source, config)) if outcome.diagnostics.is_empty() => Ok(Project {
                root: root.to_path_buf(),
                config_source,
                config,
                recipes: outcome.recipes,
            }),
            _ => Err(Diagnostics(outcome.diagnostics)),
        }
    }
}

/// Read and parse `mailbook.yaml` and every recipe, in parallel, collecting every problem.
pub fn load_all(root: &Path) -> LoadOutcome {
    load_all_reusing(root, &[])
}

/// [`load_all`], reusing the recipes of `previous` whose text is unchanged (see
/// [`Project::load_reusing`]).
pub(crate) fn load_all_reusing(root: &Path, previous: &[LoadedRecipe]) -> LoadOutcome {
    let mut diagnostics = Vec::new();
    let config = match load_file::<SiteConfig>(root, Path::new(CONFIG_FILE)) {
        Ok(c) => Some(c),
        Err(mut d) => {
            diagnostics.append(&mut d);
            None
        }
    };
    let mut recipes = Vec::new();
    match recipe_paths(root) {
        Ok(paths) => {
            let previous: HashMap<&Path, &LoadedRecipe> = previous
                .iter()
                .map(|l| (l.source.path.as_path(), l))
                .collect();
            for result in parse_in_parallel(root, &paths, &previous) {
                match result {
                    Ok((source, recipe)) => recipes.push(LoadedRecipe { source, recipe }),
                    Err(mut d) => diagnostics.append(&mut d),
                }
            }
        }
        Err(d) => diagnostics.push(*d),
    }
    LoadOutcome {
        root: root.to_path_buf(),
        config,
        recipes,
        diagnostics,
    }
}

type Parsed = Result<(SourceFile, Recipe), Vec<Diagnostic>>;

/// Parse the recipes on every core; results keep the order of `paths`. A recipe whose text
/// equals its entry in `previous` is cloned from there instead.
fn parse_in_parallel(
    root: &Path,
    paths: &[PathBuf],
    previous: &HashMap<&Path, &LoadedRecipe>,
) -> Vec<Parsed> {
    let load = |path: &PathBuf| -> Parsed {
        let source = read_source(root, path).map_err(|d| vec![*d])?;
        match previous.get(path.as_path()) {
            Some(old) if old.source.text == source.text => Ok((source, old.recipe.clone())),
            _ => parse_source(source),
        }
    };
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| {
            // A parse never panics; if it ever did, say so instead of aborting the run.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load(p))).unwrap_or_else(
                |_| {
                    Err(vec![
                        Diagnostic::error(
                            p,
                            "internal error while reading this recipe (please report this)",
                        )
                        .code("internal"),
                    ])
                },
            )
        })
        .collect()
}

/// The recipe files under `root/recipes`, relative to `root`, sorted.
fn recipe_paths(root: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let dir = root.join(RECIPES_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        Diagnostic::error(RECIPES_DIR, format!("cannot read the recipes folder: {e}"))
            .code("unreadable")
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !is_hidden_or_backup(p))
        .filter(|p| !p.is_dir() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Read, check and parse one file.
fn load_file<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<(SourceFile, T), Vec<Diagnostic>> {
    let source = read_source(root, path).map_err(|d| vec![*d])?;
    parse_source(source)
}

/// Check and parse one file's text.
fn parse_source<T: DeserializeOwned>(
    source: SourceFile,
) -> Result<(SourceFile, T), Vec<Diagnostic>> {
    let path = source.path.as_path();
    if is_blank(&source.text) {
        let what = if path == Path::new(CONFIG_FILE) {
            "the site configuration is empty"
        } else {
            "the recipe file is empty"
        };
        let help = if path == Path::new(CONFIG_FILE) {
            "it needs at least title, description, base_url, app and general_requirements"
        } else {
            "run `mailbook new ID` to write a commented skeleton to start from"
        };
        return Err(vec![
            Diagnostic::error(path, what).code("empty-file").help(help),
        ]);
    }
    match parse::<T>(&source) {
        Ok(value) => Ok((source, value)),
        Err(d) => Err(d),
    }
}

/// Whether a file holds no YAML at all (only blank lines and comments).
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_start_matches('\u{feff}').trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Editor lock files (`.#gmail.yaml`, often a dangling symlink), hidden files and backups are
/// not recipes: they are left alone instead of failing the run.
fn is_hidden_or_backup(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// A recipe that is a link to a file outside the project is refused before it is read (its
/// content is never printed).
fn outside_the_project(root: &Path, full: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(full).is_ok_and(|m| m.file_type().is_symlink());
    is_link
        && match (full.canonicalize(), root.canonicalize()) {
            (Ok(real), Ok(base)) => !real.starts_with(base),
            _ => false,
        }
}

fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
    let full = root.join(path);
    if outside_the_project(root, &full) {
        return Err(
            Diagnostic::error(path, "the file is a link to a file outside the project")
                .code("outside-project")
                .help("copy the recipe into the recipes folder instead of linking to it")
                .into(),
        );
    }
    let too_big = |size: u64| {
        Diagnostic::error(
            path,
            format!(
                "the file is too large ({size} bytes); mailbook reads files of at most {MAX_FILE_BYTES} bytes (1 MiB)"
            ),
        )
        .code("too-large")
        .help("a recipe is a few kilobytes of YAML; check that this is the right file")
    };
    let meta = std::fs::metadata(&full).map_err(|e| {
        let d = Diagnostic::error(path, format!("cannot read file: {e}")).code("unreadable");
        if e.kind() == std::io::ErrorKind::NotFound && path == Path::new(CONFIG_FILE) {
            d.help("run mailbook in the project folder (the one holding mailbook.yaml), or pass --root DIR")
        } else {
            d
        }
    })?;
    if !meta.is_file() {
        // A FIFO or device would block or never end; only regular files are read.
        return Err(Diagnostic::error(path, "not a regular file")
            .code("unreadable")
            .into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()).into());
    }
    let file = std::fs::File::open(&full).map_err(|e| {
        Diagnostic::error(path, format!("cannot read file: {e}")).code("unreadable")
    })?;
    // Bounded even if the file grows between the metadata call and the read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Diagnostic::error(path, format!("cannot read file: {e}")).code("unreadable")
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64).into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            path: path.to_path_buf(),
            text,
        }),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let before = &bytes[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..at])
                .chars()
                .count() as u64
                + 1;
            let lossy = String::from_utf8_lossy(bytes);
            Err(Diagnostic::error(
                path,
                format!("the file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
            )
            .code("not-utf8")
            .at(line, column)
            .with_source(&lossy)
            .help("save the file as UTF-8 (most editors have an \"encoding\" setting)")
            .into())
        }
    }
}

/// Parse YAML into `T`, turning a failure into diagnostics with location and field path.
fn parse<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    let value = parse_value(source)?;
    // Every tag starts with `!`, and a quoted number or boolean with a quote after `: `; text
    // without them needs no walk.
    let text = &source.text;
    let tagged = text.starts_with('!') || [": !", "- !", "\n!"].iter().any(|m| text.contains(m));
    let quoted = super::written::quotes_a_number_or_boolean(text);
    if tagged || quoted {
        let map = PathMap::new(&source.text);
        let mut problems = if tagged {
            super::written::tag_problems(&map, source)
        } else {
            Vec::new()
        };
        if quoted {
            problems.extend(super::written::quoted_problems(&map, source));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    Ok(value)
}

fn parse_value<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    // YAML 1.2 booleans only (`yes` is text, as the schema says), and no tags: a `!!binary`
    // or application tag would otherwise be dropped or decoded without a word.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        reject_unsupported_tags: true,
        ignore_binary_tag_for_string: false,
    };
    serde_saphyr::from_str_with_options::<T>(&source.text, options).map_err(|e| {
        let tabs = tab_indentation(source);
        if !tabs.is_empty() {
            // The parser's own message about a tab is cryptic; say what to do instead.
            return tabs;
        }
        let first = describe(&e, source);
        if first.code == "indentation" {
            // What the structure pass would add is the same mistake seen from elsewhere.
            return vec![first];
        }
        let schema = if source.path == Path::new(CONFIG_FILE) {
            crate::recipe::docs::config_schema()
        } else {
            crate::recipe::docs::recipe_schema()
        };
        let mut all = crate::recipe::structure::problems(&source.path, &source.text, schema);
        // serde's own finding stays unless the schema pass reported the same place.
        if !all
            .iter()
            .any(|d| (d.line, d.column) == (first.line, first.column))
        {
            all.push(first);
        }
        all.sort_by_key(|d| (d.line, d.column));
        // An indentation mistake explains the rest: say that instead.
        for d in &all {
            if let Some(better) = crate::recipe::indent::explain(d, &source.text, d.line) {
                return vec![better.with_source(&source.text)];
            }
        }
        all
    })
}

/// A diagnostic for each line indented with a tab (YAML allows only spaces there).
fn tab_indentation(source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let map = PathMap::new(&source.text);
    for (i, line) in source.text.lines().enumerate() {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(col) = indent.chars().position(|c| c == '\t')
            && !map.in_block_scalar(i as u64 + 1)
        {
            out.push(
                Diagnostic::error(&source.path, "a tab is used for indentation")
                    .code("tab-indentation")
                    .at(i as u64 + 1, col as u64 + 1)
                    .with_source(&source.text)
                    .help("YAML indentation must use spaces; replace the tab with spaces"),
            );
            if out.len() == 10 {
                break;
            }
        }
    }
    out
}

/// Words longer than this get no "did you mean" suggestion.
const MAX_SUGGESTED_LEN: usize = 64;
/// At most this many candidates are measured for one suggestion.
const MAX_CANDIDATES: usize = 500;

/// The closest candidate to `word`, if it is close enough to be a likely typo. Bounded: no
/// suggestion for words over [`MAX_SUGGESTED_LEN`] characters, candidates whose length is
/// beyond the cut-off distance are not measured, and at most [`MAX_CANDIDATES`] are.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    if !(3..=MAX_SUGGESTED_LEN).contains(&len) {
        // `d` is one edit from `id`, which says nothing; and the edit distance costs the
        // product of the lengths, so a hostile 100 KB id gets no suggestion rather than a
        // slow one.
        return None;
    }
    let limit = (len / 3).max(1);
    // Case does not count as a typo: `xoauth` suggests `XOAUTH`.
    let word = word.to_lowercase();
    candidates
        .iter()
        // Lengths further apart than the limit cannot be within it: skip them unmeasured.
        .filter(|c| c.len() <= 4 * MAX_SUGGESTED_LEN && c.chars().count().abs_diff(len) <= limit)
        .take(MAX_CANDIDATES)
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// What a Rust target type accepts, in words.
fn expected_for(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" => "a whole number from 0 to 4294967295",
        "u64" | "usize" => "a whole number, 0 or more",
        "i32" | "i64" => "a whole number",
        "bool" | "boolean" => "true or false",
        "f32" | "f64" => "a number",
        _ => return None,
    })
}

/// Turn a serde-saphyr error into one diagnostic.
fn describe(error: &serde_saphyr::Error, source: &SourceFile) -> Diagnostic {
    use serde_saphyr::Error as E;
    let file = &source.path;
    let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let map = || PathMap::new(&source.text);
    let inner = innermost(error);
    let mut d = match inner {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let path = map()
                .key_at(line, column)
                .map(str::to_string)
                .unwrap_or_else(|| field.clone());
            // Sorted: easier to scan, and the same order as the schema-based pass.
            let mut names = expected.clone();
            names.sort_unstable();
            let mut d = Diagnostic::error(file, format!("unknown field `{field}`"))
                .code("unknown-field")
                .path(path)
                .expected(format!("one of {}", names.join(", ")));
            if let Some(s) = did_you_mean(field, expected) {
                d = d.help(format!("did you mean `{s}`?"));
            }
            d
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let mut d = Diagnostic::error(file, format!("unknown value `{variant}`"))
                .code("unknown-value")
                .expected(format!("one of {}", expected.join(", ")));
            if let Some(help) = crate::recipe::rules::enum_help(variant, expected) {
                d = d.help(help);
            }
            d.path(map().path_at(line, column).unwrap_or_default())
        }
        E::SerdeMissingField { field, .. } => {
            // The location is the mapping the field is missing from (its last key or its start).
            let m = map();
            let container = match m.key_at(line, column) {
                Some(key) => parent(key).unwrap_or_default().to_string(),
                None => m.path_at(line, column).unwrap_or_default().to_string(),
            };
            let path = if container.is_empty() {
                field.to_string()
            } else {
                format!("{container}.{field}")
            };
            let schema = if file == Path::new(CONFIG_FILE) {
                crate::recipe::docs::config_schema()
            } else {
                crate::recipe::docs::recipe_schema()
            };
            let place = if container.is_empty() {
                "at the top level"
            } else {
                "to this mapping"
            };
            let help = match crate::recipe::docs::field_doc(schema, &path) {
                Some(doc) => format!("add `{field}:` {place}: {doc}"),
                None => format!("add `{field}:` {place}"),
            };
            let d = Diagnostic::error(file, format!("missing field `{field}`"))
                .code("missing-field")
                .path(path)
                .help(help);
            // Point at the mapping the field belongs in, not at whatever key came last.
            match m.value(&container) {
                Some((l, c)) => return d.at(l, c).with_source(&source.text),
                None => d,
            }
        }
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => Diagnostic::error(file, format!("wrong type: found {unexpected}"))
            .code("wrong-type")
            .expected(expected.clone())
            .path(map().path_at(line, column).unwrap_or_default()),
        E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Diagnostic::error(file, format!("invalid value: {unexpected}"))
            .code("wrong-type")
            .expected(expected.clone())
            .path(map().path_at(line, column).unwrap_or_default()),
        E::InvalidBooleanStrict { .. } => Diagnostic::error(
            file,
            "this value is not true or false",
        )
        .code("wrong-type")
        .expected("true or false")
        .path(map().path_at(line, column).unwrap_or_default())
        .help("write `true` or `false`; words such as `yes`, `no` and `on` are not booleans here"),
        E::InvalidScalar { ty, .. } => {
            let what = match *ty {
                "bool" | "boolean" => "true or false".to_string(),
                t if t.starts_with('u') || t.starts_with('i') => "a whole number".to_string(),
                t => format!("a valid {t}"),
            };
            let mut d = Diagnostic::error(file, format!("this value is not {what}"))
                .code("wrong-type")
                .path(map().path_at(line, column).unwrap_or_default());
            if let Some(x) = expected_for(ty) {
                d = d.expected(x);
            }
            d
        }
        E::Unexpected { expected, .. } => {
            let what = match *expected {
                "sequence start" => "a list (`[a, b]`, or one `- item` per line)",
                "mapping start" => "a mapping (`key: value` lines)",
                "string scalar" | "scalar" => "a single text value, not a list or mapping",
                other => other,
            };
            Diagnostic::error(file, "wrong type of value")
                .code("wrong-type")
                .expected(what)
                .path(map().path_at(line, column).unwrap_or_default())
        }
        E::NullIntoString { .. } => Diagnostic::error(file, "this value is empty")
            .code("empty-value")
            .expected("a text value")
            .path(map().path_at(line, column).unwrap_or_default())
            .help("write the value after the colon, or remove the line if the field is optional"),
        E::DuplicateMappingKey { key, .. } => {
            let name = key.clone().unwrap_or_else(|| "?".to_string());
            Diagnostic::error(file, format!("duplicate key `{name}`"))
                .code("duplicate-key")
                .path(map().path_at(line, column).unwrap_or_default())
                .help("each key may appear only once in a mapping; keep one and delete the other")
        }
        E::Budget { breach, .. } => Diagnostic::error(
            file,
            format!("the document is too complex to read safely ({breach:?})"),
        )
        .code("too-complex")
        .help(
            "recipes need no anchors/aliases (`&a`, `*a`) and little nesting; write the values out",
        ),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Diagnostic::error(
            file,
            "the document expands aliases (`*name`) too many times to read safely",
        )
        .code("too-complex")
        .help("recipes need no anchors/aliases (`&a`, `*a`); write the values out"),
        E::MultipleDocuments { .. } => Diagnostic::error(
            file,
            "the file holds more than one YAML document (a second `---`)",
        )
        .code("multiple-documents")
        .help("one recipe per file: remove the extra `---` or move the rest to its own file"),
        E::ExternalMessage { msg, .. } => {
            let mut d = Diagnostic::error(file, format!("invalid YAML: {}", strip_location(msg)))
                .code("yaml-syntax")
                .path(map().path_at(line, column).unwrap_or_default());
            if let Some(open) = unclosed_bracket(&source.text, line) {
                d = d.help(open);
            } else if msg.contains("mapping values are not allowed") {
                d = d.help("a value containing `: ` must be quoted, e.g. `name: \"Acme: Mail\"`");
            }
            d
        }
        other => {
            let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
            let text = strip_location(&strip_location_prefix(&other.render_with_options(opts)));
            let path = map().path_at(line, column).unwrap_or_default().to_string();
            if is_date_field(file, &path) {
                let value = source_token(&source.text, line, column);
                Diagnostic::error(file, format!("`{value}` is not a date"))
                    .code("not-a-date")
                    .expected("a date written YYYY-MM-DD, e.g. 2026-11-26")
                    .path(path)
            } else {
                Diagnostic::error(file, text).path(path)
            }
        }
    };
    d = d.at(line, column).with_source(&source.text);
    match crate::recipe::indent::explain(&d, &source.text, line) {
        Some(better) => better.with_source(&source.text),
        None => d,
    }
}

/// Whether the schema says the field at `path` holds a date.
fn is_date_field(file: &Path, path: &str) -> bool {
    let schema = if file == Path::new(CONFIG_FILE) {
        crate::recipe::docs::config_schema()
    } else {
        crate::recipe::docs::recipe_schema()
    };
    crate::recipe::docs::field_format(schema, path).as_deref() == Some("date")
}

/// The plain token written at a location (for quoting a bad value back).
fn source_token(text: &str, line: u64, column: u64) -> String {
    let Some(l) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return String::new();
    };
    l.chars()
        .skip(column.saturating_sub(1) as usize)
        .take_while(|c| !c.is_whitespace() && *c != ',' && *c != ']' && *c != '}')
        .collect()
}

/// A hint when a `[`, `{` or quote opened on an earlier line is never closed there: the
/// usual cause of a syntax error reported further down.
fn unclosed_bracket(text: &str, error_line: u64) -> Option<String> {
    for (i, line) in text.lines().enumerate().take(error_line as usize) {
        let code = line.split(" #").next().unwrap_or(line);
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        for c in code.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if depth > 0 => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 && (i as u64 + 1) < error_line {
            return Some(format!(
                "a `[` or `{{` on line {} is not closed on that line",
                i + 1
            ));
        }
    }
    None
}

/// `... at line 4, column 8` → `...`.
fn strip_location(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(i) if text[i..].contains(", column ") => text[..i].to_string(),
        _ => text.to_string(),
    }
}

/// The error without snippet/alias wrappers.
fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error as E;
    match error {
        E::WithSnippet { error, .. } | E::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// `error: line 4 column 8: mapping values ...` → `mapping values ...`.
fn strip_location_prefix(text: &str) -> String {
    let first = text.lines().next().unwrap_or(text);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let rest = match first.strip_prefix("line ") {
        Some(r) => r.split_once(": ").map_or(first, |(_, m)| m),
        None => first,
    };
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_words_only() {
        let fields = ["host", "port", "security", "auth"];
        assert_eq!(did_you_mean("securty", &fields), Some("security"));
        assert_eq!(did_you_mean("prot", &fields), Some("port"));
        assert_eq!(did_you_mean("colour", &fields), None);
    }

    #[test]
    fn location_prefix_is_removed() {
        assert_eq!(
            strip_location_prefix("error: line 4 column 8: mapping values are not allowed"),
            "mapping values are not allowed"
        );
    }

    #[test]
    fn budgets_stop_alias_bombs_and_deep_nesting() {
        let source = |text: String| SourceFile {
            path: PathBuf::from("recipes/x.yaml"),
            text,
        };
        let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(", ");
            bomb.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
        }
        // Into an untyped value the bomb would expand to 9^10 strings; the budget stops it.
        let bomb = source(bomb);
        let e = serde_saphyr::from_str::<serde_json::Value>(&bomb.text).unwrap_err();
        let d = describe(&e, &bomb);
        assert!(
            d.message.contains("too complex") || d.message.contains("aliases"),
            "{d:?}"
        );
        let deep = source(format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)));
        let e = serde_saphyr::from_str::<serde_json::Value>(&deep.text).unwrap_err();
        let d = describe(&e, &deep);
        assert_eq!(d.line, 1, "{d:?}");
    }

    #[test]
    fn unclosed_brackets_are_pointed_out() {
        assert_eq!(
            unclosed_bracket("a: [x\nb: 1\n", 2).as_deref(),
            Some("a `[` or `{` on line 1 is not closed on that line")
        );
        assert_eq!(unclosed_bracket("a: [x]\nb: 1\n", 2), None);
    }

    #[test]
    fn blank_means_comments_only() {
        assert!(is_blank("# only a comment\n\n---\n"));
        assert!(!is_blank("id: x\n"));
    }
}
