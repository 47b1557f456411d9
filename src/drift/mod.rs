//! `mailbook drift`: compare each recipe with what its provider publishes.
//!
//! - [`dns`]: MX and SRV records (hickory-resolver), time-limited and size-capped;
//! - [`http`]: autoconfig files and source pages over HTTPS (ureq), `--connect-to`/`--cacert`;
//! - [`autoconfig`]: the autoconfig/ISPDB XML format (quick-xml + serde);
//! - [`compare`]: field-by-field differences, each a [`compare::Finding`];
//! - [`probe`]: one network question per task, run concurrently (`--jobs`);
//! - [`suggest`]: the unified diff `--suggest` prints.
//!
//! Findings become [`Diagnostic`]s located with the recipe's [`PathMap`], so they read
//! like `check`'s.

pub mod autoconfig;
pub mod compare;
pub mod dns;
pub mod http;
pub mod probe;
pub mod suggest;

use crate::diagnostic::Diagnostic;
use crate::recipe::LoadedRecipe;
use crate::recipe::locate::PathMap;
use compare::Finding;

/// The findings for one recipe, in field order, duplicates (the same difference seen for
/// several domains) folded into one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RecipeDrift {
    /// The recipe id.
    pub id: String,
    /// The differences and unreadable sources.
    pub findings: Vec<Finding>,
}

/// Fold findings that say the same thing about the same field; the first source is kept and
/// the others counted in it.
pub fn fold(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut extra: Vec<usize> = Vec::new();
    for f in findings {
        match out.iter().position(|o| {
            o.path == f.path
                && o.recipe_says == f.recipe_says
                && o.source_says == f.source_says
                && o.unreadable == f.unreadable
                && kind(&o.source) == kind(&f.source)
        }) {
            Some(i) => extra[i] += 1,
            None => {
                out.push(f);
                extra.push(0);
            }
        }
    }
    for (f, n) in out.iter_mut().zip(extra) {
        if n > 0 {
            f.source.push_str(&format!(" (and {n} more)"));
        }
    }
    out
}

/// The first word of a source description: `autoconfig`, `ispdb`, `srv`, `mx`, `ehlo`, `page`.
fn kind(source: &str) -> &str {
    source.split(' ').next().unwrap_or(source)
}

/// Diagnostics for a recipe's findings, at the fields' locations.
pub fn diagnostics(loaded: &LoadedRecipe, findings: &[Finding]) -> Vec<Diagnostic> {
    let map = PathMap::new(&loaded.source.text);
    findings
        .iter()
        .map(|f| {
            let d = if f.unreadable {
                Diagnostic::warning(
                    &loaded.source.path,
                    format!("could not compare with {}: {}", f.source, f.source_says),
                )
                .help("the source may be down or broken; nothing in the recipe changes")
            } else {
                Diagnostic::error(
                    &loaded.source.path,
                    format!(
                        "the recipe says {}, {} says {}",
                        f.recipe_says, f.source, f.source_says
                    ),
                )
                .expected(f.source_says.clone())
                .help(match &f.replacement {
                    Some(_) => "check the source; `mailbook drift --suggest` proposes the change",
                    None => "check the source and update the recipe by hand",
                })
            };
            let d = d.path(f.path.clone());
            match map.locate(&f.path) {
                Some((line, column)) => d.at(line, column).with_source(&loaded.source.text),
                None => d,
            }
        })
        .collect()
}
