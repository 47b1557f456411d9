//! `check --verification REPORT`: a provokable troubleshooting entry (`provoke`) that
//! `verify --confirm-errors` has not confirmed for longer than the review age
//! (`review_max_age_days` in `mailbook.yaml`), or never, is a warning: nobody knows whether
//! the server still answers as the entry documents.

use super::LoadedRecipe;
use crate::diagnostic::Diagnostic;
use crate::recipe::locate::PathMap;
use crate::report::Report;
use jiff::civil::Date;

/// The warnings for `recipes` against the verification `report`.
pub fn check(
    recipes: &[LoadedRecipe],
    report: &Report,
    today: Date,
    max_age: u32,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for loaded in recipes {
        let provider = report.providers.iter().find(|p| p.id == loaded.recipe.id);
        let map = PathMap::new(&loaded.source.text);
        for (i, entry) in loaded.recipe.troubleshooting.iter().enumerate() {
            let Some(how) = entry.provoke else { continue };
            let confirmed = provider
                .and_then(|p| p.confirmations.iter().find(|c| c.entry == entry.id))
                .and_then(|c| c.confirmed_at)
                .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date());
            let age = confirmed.map(|d| (today - d).get_days());
            let message = match (confirmed, age) {
                (Some(_), Some(days)) if days <= i32::try_from(max_age).unwrap_or(i32::MAX) => {
                    continue;
                }
                (Some(d), _) => format!(
                    "troubleshooting entry `{}` was last confirmed on {d}, more than {max_age} \
                     days ago",
                    entry.id
                ),
                _ => format!(
                    "troubleshooting entry `{}` (provoke: {}) has never been confirmed in this \
                     report",
                    entry.id,
                    how.as_str()
                ),
            };
            let path = format!("troubleshooting[{i}].provoke");
            let d = Diagnostic::warning(&loaded.source.path, message)
                .code("unconfirmed-error")
                .path(path.clone())
                .help(
                    "run `mailbook verify --confirm-errors --report FILE` with the provider's \
                     test account, then `check --verification FILE`",
                );
            out.push(match map.locate(&path) {
                Some((line, column)) => d.at(line, column).with_source(&loaded.source.text),
                None => d,
            });
        }
    }
    out
}
