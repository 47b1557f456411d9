//! The rulebook: every rule about recipe and site-configuration content, run alike by
//! `check`, `build`, `serve` and `verify`.
//!
//! One file per family of rules ([`identity`], [`servers`], [`links`], [`images`],
//! [`troubleshooting`], [`skips`], [`placeholders`], [`reserved`], [`config`]). Rules name the
//! field path of what they complain about (and, for a problem inside text, the offset in the
//! value); [`crate::recipe::locate`] turns that into line, column and source line afterwards,
//! and only for files that have a problem. Every diagnostic carries a stable `code`.
//!
//! Rendering takes a [`ValidProject`], which only [`Checked::into_valid`] makes: a project
//! that passed every rule here, so the renderer only reports what rendering alone can know.

pub mod config;
pub mod identity;
pub mod images;
pub mod links;
pub mod placeholders;
pub mod reserved;
pub mod servers;
pub mod skips;
pub mod translations;
pub mod troubleshooting;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::recipe::load::{LoadOutcome, load_all_reusing};
use crate::recipe::{LoadedRecipe, Project, RECIPES_DIR, SourceFile};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// More diagnostics of one code in one file are summarised in one line: a hostile file with
/// thousands of broken links must not print thousands of blocks.
const MAX_PER_CODE: usize = 20;

/// Every rule over a loaded project; errors and warnings, located, in file order.
pub fn validate(project: &Project) -> Vec<Diagnostic> {
    let config = Some((&project.config_source, &project.config));
    let mut out = validate_loaded(&project.root, config, &project.recipes);
    out.extend(translations::check(
        config,
        &project.recipes,
        &project.translations,
    ));
    sort(&mut out);
    out
}

/// Every rule over whatever loaded (the configuration may be missing when it failed to
/// parse; then the rules that need it are skipped). Diagnostics come back located and in
/// file order.
pub fn validate_loaded(
    root: &Path,
    config: Option<(&SourceFile, &SiteConfig)>,
    recipes: &[LoadedRecipe],
) -> Vec<Diagnostic> {
    let today = jiff::Zoned::now().date();
    let mut out = Vec::new();
    if let Some((source, config)) = config {
        let mut f = Found::new(&source.path);
        config::check(config, &mut f);
        out.extend(f.locate(source));
    }
    let max_age = config.map_or(365, |(_, c)| c.review_max_age_days);
    let recipes_dir = root.join(RECIPES_DIR);
    // The rules within one recipe, on every core; then the rules across recipes, in order.
    let found: Vec<Found<'_>> = recipes
        .par_iter()
        .map(|loaded| {
            let mut f = Found::new(&loaded.source.path);
            let r = &loaded.recipe;
            identity::check(r, &loaded.source.path, today, max_age, &mut f);
            reserved::check(r, &mut f);
            links::check(r, &mut f);
            servers::check(r, &mut f);
            troubleshooting::check(r, &mut f);
            skips::check(r, today, &mut f);
            images::check(r, &recipes_dir, &mut f);
            placeholders::check(r, &mut f);
            f
        })
        .collect();
    let mut across = identity::Across::default();
    for (loaded, mut f) in recipes.iter().zip(found) {
        across.check(loaded, &mut f);
        out.extend(f.locate(&loaded.source));
    }
    sort(&mut out);
    out
}

/// Diagnostics in file, line, column order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
}

/// What loading and the whole rulebook found in a project.
#[derive(Debug)]
pub struct Checked {
    /// Whatever loaded.
    pub outcome: LoadOutcome,
    /// Every problem: loading's, then every rule's, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Load the project under `root` (reusing unchanged recipes of `previous`, see
/// [`Project::load_reusing`]) and run every rule on whatever loaded. When a file did not
/// load, a note says the rules across files will run once it does.
pub fn check(root: &Path, previous: &[LoadedRecipe]) -> Checked {
    let mut outcome = load_all_reusing(root, previous);
    let mut diagnostics = std::mem::take(&mut outcome.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) && !outcome.recipes.is_empty() {
        let failed: std::collections::BTreeSet<std::path::PathBuf> = diagnostics
            .iter()
            .filter(|d| d.is_error() && d.file.starts_with(RECIPES_DIR))
            .map(|d| d.file.clone())
            .collect();
        for file in failed {
            diagnostics.push(
                Diagnostic::warning(file, "the checks across files could not include this file")
                    .code("not-cross-checked")
                    .help("unique ids, domains and aliases are checked against it once it loads"),
            );
        }
    }
    let config = outcome.config.as_ref().map(|(s, c)| (s, c));
    diagnostics.extend(validate_loaded(root, config, &outcome.recipes));
    diagnostics.extend(translations::check(
        config,
        &outcome.recipes,
        &outcome.translations,
    ));
    sort(&mut diagnostics);
    Checked {
        outcome,
        diagnostics,
    }
}

impl Checked {
    /// The project, when it loaded and no rule found an error; diagnostics whose code is in
    /// `tolerated` do not count (verify runs with an expired skip and reports it itself).
    /// Otherwise every diagnostic.
    pub fn into_valid(self, tolerated: &[&str]) -> Result<ValidProject, Diagnostics> {
        let blocking = |d: &Diagnostic| d.is_error() && !tolerated.contains(&d.code);
        let loaded = self.outcome.config.is_some();
        if !loaded || self.diagnostics.iter().any(blocking) {
            let mut kept = self.diagnostics;
            kept.retain(|d| !tolerated.contains(&d.code));
            return Err(Diagnostics(kept));
        }
        let (config_source, config) = self.outcome.config.expect("checked above");
        let warnings = self
            .diagnostics
            .into_iter()
            .filter(|d| !tolerated.contains(&d.code))
            .collect();
        Ok(ValidProject {
            project: Project {
                root: self.outcome.root,
                config_source,
                config,
                recipes: self.outcome.recipes,
                translations: self.outcome.translations,
            },
            warnings,
        })
    }
}

/// A project that passed every rule of the rulebook; only [`Checked::into_valid`] makes
/// one, so whatever takes it (rendering, verify) never sees a recipe `check` would refuse.
#[derive(Debug, Clone)]
pub struct ValidProject {
    project: Project,
    warnings: Vec<Diagnostic>,
}

impl ValidProject {
    /// Load and check the project under `root`; see [`check`] and [`Checked::into_valid`].
    pub fn load(root: &Path, previous: &[LoadedRecipe]) -> Result<ValidProject, Diagnostics> {
        check(root, previous).into_valid(&[])
    }

    /// The warnings the rules found (they do not stop anything).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Put the announced changes due by `today` in force (see [`crate::recipe::policy`],
    /// whose own rules checked them); the files' values come back for
    /// [`ValidProject::restore_announced`].
    pub fn apply_announced(
        &mut self,
        today: jiff::civil::Date,
    ) -> Vec<(usize, crate::recipe::Recipe)> {
        crate::recipe::policy::apply_all(&mut self.project.recipes, today)
    }

    /// Undo [`ValidProject::apply_announced`].
    pub fn restore_announced(&mut self, originals: Vec<(usize, crate::recipe::Recipe)>) {
        crate::recipe::policy::restore(&mut self.project.recipes, originals);
    }

    /// The project itself, e.g. to keep for the next incremental build.
    pub fn into_project(self) -> Project {
        self.project
    }
}

impl std::ops::Deref for ValidProject {
    type Target = Project;
    fn deref(&self) -> &Project {
        &self.project
    }
}

/// Collects the diagnostics of one file (paths only; locations come later).
pub struct Found<'a> {
    file: &'a Path,
    out: Vec<Diagnostic>,
    /// Diagnostic index → a field whose location stands in for a missing one.
    near: HashMap<usize, String>,
}

impl<'a> Found<'a> {
    fn new(file: &'a Path) -> Self {
        Found {
            file,
            out: Vec::new(),
            near: HashMap::new(),
        }
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }

    /// An error of kind `code` about the field at `path`.
    pub fn error(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::error(self.file, message).code(code).path(path))
    }

    /// A warning of kind `code` about the field at `path`.
    pub fn warning(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(
            Diagnostic::warning(self.file, message)
                .code(code)
                .path(path),
        )
    }

    /// Show the last diagnostic at `path` (for a missing field, where it belongs).
    pub fn near(&mut self, path: impl Into<String>) {
        self.near.insert(self.out.len() - 1, path.into());
    }

    /// Give each diagnostic its line, column and source line, summarising long runs of one
    /// kind.
    fn locate(self, source: &SourceFile) -> Vec<Diagnostic> {
        if self.out.is_empty() {
            return self.out;
        }
        let near = self.near;
        let mut out: Vec<Diagnostic> = self
            .out
            .into_iter()
            .enumerate()
            .map(|(i, d)| match near.get(&i) {
                Some(stand_in) => {
                    let mut probe = d.clone().path(stand_in.clone());
                    crate::recipe::locate::locate(std::slice::from_mut(&mut probe), source);
                    let (line, column) = (probe.line, probe.column);
                    d.at(line, column).with_source(&source.text)
                }
                None => d,
            })
            .collect();
        out = summarise(out);
        crate::recipe::locate::locate(&mut out, source);
        out
    }
}

/// At most [`MAX_PER_CODE`] diagnostics of one code; the rest become one line saying how
/// many more there are.
fn summarise(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(diagnostics.len().min(256));
    let mut dropped: Vec<(&'static str, Diagnostic, usize)> = Vec::new();
    for d in diagnostics {
        let n = counts.entry(d.code).or_default();
        *n += 1;
        if *n <= MAX_PER_CODE {
            out.push(d);
        } else if let Some(entry) = dropped.iter_mut().find(|(c, ..)| *c == d.code) {
            entry.2 += 1;
        } else {
            dropped.push((d.code, d, 1));
        }
    }
    for (code, first, more) in dropped {
        let mut d = first;
        d.message = format!("{more} more problems of this kind (`{code}`) in this file");
        d.help = Some(format!(
            "the first {MAX_PER_CODE} are listed above; fix those and run again"
        ));
        d.expected = None;
        out.push(d);
    }
    out
}

/// In-place builder helpers so rules read as one expression.
pub trait Annotate {
    /// Set how to fix it.
    fn help(&mut self, help: impl Into<String>) -> &mut Self;
    /// Set what the field accepts.
    fn expected(&mut self, expected: impl Into<String>) -> &mut Self;
    /// Point at the character `offset` inside the value.
    fn within(&mut self, offset: usize) -> &mut Self;
}

impl Annotate for Diagnostic {
    fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    fn expected(&mut self, expected: impl Into<String>) -> &mut Self {
        self.expected = Some(expected.into());
        self
    }
    fn within(&mut self, offset: usize) -> &mut Self {
        self.within = Some(offset);
        self
    }
}

/// `gmail`, `create-app-password`: lowercase letters and digits, single dashes between.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The JSON Schema pattern equal to [`is_slug`].
pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// What an id looks like, in words.
pub const SLUG_EXPECTED: &str =
    "lowercase letters, digits and single dashes, e.g. `create-app-password`";

/// The help for an unknown enum word: what the security labels of mail programs and the
/// admin panel mean in recipe words, else the closest word.
pub fn enum_help(value: &str, words: &[&str]) -> Option<String> {
    if words.contains(&"starttls")
        && let Some(help) = servers::security_word_help(value)
    {
        return Some(help);
    }
    crate::recipe::did_you_mean(value, words).map(|s| format!("did you mean `{s}`?"))
}

/// `text` cut to `max` characters with `…`: a hostile value must not fill the report.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// At most `n` of `items`, then `… and N more`: an "expected" list stays short however many
/// candidates there are.
pub fn few(items: &[&str], n: usize) -> String {
    let shown: Vec<String> = items.iter().take(n).map(|s| shorten(s, 60)).collect();
    let mut out = shown.join(", ");
    if items.len() > n {
        out.push_str(&format!(" … and {} more", items.len() - n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("gmail"));
        assert!(is_slug("create-app-password"));
        assert!(is_slug("o365"));
        for bad in ["", "Gmail", "-a", "a-", "a--b", "a_b", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn long_runs_of_one_kind_are_summarised() {
        let many: Vec<Diagnostic> = (0..100)
            .map(|i| Diagnostic::error("a", format!("n{i}")).code("x"))
            .collect();
        let out = summarise(many);
        assert_eq!(out.len(), MAX_PER_CODE + 1);
        assert!(out[MAX_PER_CODE].message.starts_with("80 more problems"));
        assert_eq!(few(&["a", "b", "c"], 2), "a, b … and 1 more");
    }
}
