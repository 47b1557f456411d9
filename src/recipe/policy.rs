//! Announced changes that switch on by themselves: a changelog entry with an `effect` is
//! applied on and after its date. [`as_of`] is the one place that does it; the site
//! (pages, `providers.json`) and `verify` call it with the build's or run's date, so they
//! change on the day without anyone editing a file. [`check`] warns before the day and
//! refuses an effect that contradicts the rest of the recipe.

use super::locate::PathMap;
use super::{Change, Effect, LoadedRecipe, Recipe};
use crate::diagnostic::Diagnostic;
use jiff::civil::Date;

/// The recipe as it stands on `today`: every effect dated on or before it applied, oldest
/// first, so a later announcement wins.
pub fn as_of(recipe: &Recipe, today: Date) -> Recipe {
    let mut out = recipe.clone();
    let mut due: Vec<&Change> = recipe
        .changelog
        .iter()
        .filter(|c| c.effect.is_some() && c.date <= today)
        .collect();
    due.sort_by_key(|c| c.date);
    for change in due {
        if let Some(effect) = &change.effect {
            apply(&mut out, effect);
        }
    }
    out
}

fn apply(recipe: &mut Recipe, effect: &Effect) {
    if let Some(status) = effect.status {
        recipe.status = status;
    }
    if let Some(hint) = &effect.hint {
        recipe.hint = Some(hint.clone());
    }
    if let Some(only) = effect.oauth2_only {
        recipe.requires.oauth2_only = only;
    }
    if let Some(auth) = &effect.auth {
        for server in &mut recipe.smtp {
            let named = format!("{}:{}", server.host, server.port);
            if effect.server.as_ref().is_none_or(|s| *s == named) {
                server.auth = auth.clone();
            }
        }
    }
}

/// Days from `today` to `date`; negative when it is past.
pub fn days_until(today: Date, date: Date) -> i64 {
    today
        .until(date)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or_default()
}

/// `check`'s rules for effects: each must change something that exists, the recipe as it
/// will stand on the date must hold together, and an effect due within `warn_days` is
/// announced as a warning.
pub fn check(recipes: &[LoadedRecipe], today: Date, warn_days: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for loaded in recipes {
        let found = check_recipe(&loaded.recipe, today, warn_days);
        if found.is_empty() {
            continue;
        }
        let map = PathMap::new(&loaded.source.text);
        out.extend(found.into_iter().map(|(error, path, message, help)| {
            let d = if error {
                Diagnostic::error(&loaded.source.path, message).code("announced-effect")
            } else {
                Diagnostic::warning(&loaded.source.path, message).code("announced-soon")
            };
            let d = d.path(path.clone()).help(help);
            match map.locate(&path) {
                Some((line, column)) => d.at(line, column).with_source(&loaded.source.text),
                None => d,
            }
        }));
    }
    out
}

/// (is error, field path, message, help) for one recipe.
type Found = (bool, String, String, String);

fn check_recipe(recipe: &Recipe, today: Date, warn_days: u32) -> Vec<Found> {
    let mut out = Vec::new();
    for (i, change) in recipe.changelog.iter().enumerate() {
        let Some(effect) = &change.effect else {
            continue;
        };
        let at = |field: &str| format!("changelog[{i}].effect{field}");
        out.extend(shape(recipe, effect, &at));
        out.extend(contradictions(recipe, change, effect, &at));
        let days = days_until(today, change.date);
        if days > 0 && days <= i64::from(warn_days) {
            out.push((
                false,
                format!("changelog[{i}].date"),
                format!(
                    "an announced change takes effect in {days} day{} ({})",
                    if days == 1 { "" } else { "s" },
                    change.date
                ),
                "the site and verify switch to the effect on that day; check that the recipe's text is ready for it".into(),
            ));
        }
    }
    out
}

/// An effect that changes nothing, or names a server the recipe does not have.
fn shape(recipe: &Recipe, effect: &Effect, at: &dyn Fn(&str) -> String) -> Vec<Found> {
    let mut out = Vec::new();
    if effect == &Effect::default() {
        out.push((
            true,
            at(""),
            "the effect changes nothing".into(),
            "give at least one of status, hint, auth, oauth2_only".into(),
        ));
    }
    if let Some(server) = &effect.server {
        let names: Vec<String> = recipe
            .smtp
            .iter()
            .map(|s| format!("{}:{}", s.host, s.port))
            .collect();
        if !names.contains(server) {
            out.push((
                true,
                at(".server"),
                format!("`{server}` is not one of the recipe's servers"),
                format!("expected one of {}", names.join(", ")),
            ));
        }
        if effect.auth.is_none() {
            out.push((
                true,
                at(".server"),
                "`server` limits `auth`, but the effect has no `auth`".into(),
                "add the server's new `auth` list, or remove `server`".into(),
            ));
        }
    }
    if effect.auth.as_ref().is_some_and(Vec::is_empty) {
        out.push((
            true,
            at(".auth"),
            "an empty AUTH list".into(),
            "list the mechanisms the server offers from that day, e.g. [xoauth2]".into(),
        ));
    }
    out
}

/// The recipe as it will stand on the change's date must hold together.
fn contradictions(
    recipe: &Recipe,
    change: &Change,
    effect: &Effect,
    at: &dyn Fn(&str) -> String,
) -> Vec<Found> {
    let mut out = Vec::new();
    let then = as_of(recipe, change.date);
    let date = change.date;
    if then.status.needs_hint() && then.hint.is_none() {
        out.push((
            true,
            at(".status"),
            format!(
                "from {date} the status is `{}`, which needs a hint, and the recipe has none",
                then.status.as_str()
            ),
            "add a `hint` to the effect".into(),
        ));
    }
    let token_only = |s: &super::SmtpServer| s.auth.iter().all(|m| m.uses_token());
    if then.requires.oauth2_only
        && !then
            .smtp
            .iter()
            .any(|s| s.auth.iter().any(|m| m.uses_token()))
    {
        out.push((
            true,
            at(".oauth2_only"),
            format!("from {date} the recipe says OAuth2 only, but no server offers XOAUTH2 or OAUTHBEARER"),
            "add `auth: [xoauth2]` to the effect".into(),
        ));
    }
    if effect.auth.is_some()
        && !then.smtp.is_empty()
        && then.smtp.iter().all(token_only)
        && !then.requires.oauth2_only
    {
        out.push((
            true,
            at(".auth"),
            format!(
                "from {date} every server takes only OAuth2, but `requires.oauth2_only` stays false and the status stays `{}`",
                then.status.as_str()
            ),
            "add `oauth2_only: true` (and a status with a hint, e.g. `broken`) to the effect".into(),
        ));
    }
    out
}

/// Replace each recipe that has an effect due by `today` with [`as_of`] it; the originals
/// come back for [`restore`].
pub fn apply_all(recipes: &mut [LoadedRecipe], today: Date) -> Vec<(usize, Recipe)> {
    let mut originals = Vec::new();
    for (i, loaded) in recipes.iter_mut().enumerate() {
        let due = loaded
            .recipe
            .changelog
            .iter()
            .any(|c| c.effect.is_some() && c.date <= today);
        if due {
            let now = as_of(&loaded.recipe, today);
            originals.push((i, std::mem::replace(&mut loaded.recipe, now)));
        }
    }
    originals
}

/// Put back what [`apply_all`] replaced.
pub fn restore(recipes: &mut [LoadedRecipe], originals: Vec<(usize, Recipe)>) {
    for (i, recipe) in originals {
        if let Some(loaded) = recipes.get_mut(i) {
            loaded.recipe = recipe;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::{AuthMechanism, Status};

    fn recipe() -> Recipe {
        serde_saphyr::from_str(
            r#"
id: t
name: T
domains: [t.example]
status: ok
summary: S.
reviewed: 2026-11-26
sources: [{url: "https://t.example/", title: T}]
requires: {}
steps: [{id: s, title: S, body: B}]
smtp:
  - {host: a.t.example, port: 587, security: starttls, auth: [plain], username: "{email}", password: app_password, preferred: true}
  - {host: b.t.example, port: 465, security: tls, auth: [plain], username: "{email}", password: app_password}
changelog:
  - date: 2027-02-01
    change: Later.
    effect: {status: deprecated, hint: Going away.}
  - date: 2027-01-01
    change: Earlier.
    effect: {status: broken, hint: Broken now., auth: [xoauth2], server: "b.t.example:465"}
"#,
        )
        .unwrap()
    }

    #[test]
    fn effects_apply_on_their_day_oldest_first_and_only_to_their_server() {
        let r = recipe();
        let day = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(as_of(&r, day("2026-12-31")), r, "nothing before the day");
        let jan = as_of(&r, day("2027-01-01"));
        assert_eq!(jan.status, Status::Broken);
        assert_eq!(jan.smtp[0].auth, [AuthMechanism::Plain]);
        assert_eq!(jan.smtp[1].auth, [AuthMechanism::Xoauth2]);
        let feb = as_of(&r, day("2027-03-01"));
        assert_eq!(feb.status, Status::Deprecated, "the later entry wins");
        assert_eq!(feb.hint.as_deref(), Some("Going away."));
        assert_eq!(days_until(day("2026-12-01"), day("2026-12-31")), 30);
        assert_eq!(days_until(day("2027-01-02"), day("2027-01-01")), -1);
    }

    #[test]
    fn an_empty_effect_is_an_error() {
        let mut r = recipe();
        r.changelog[0].effect = Some(Effect::default());
        let found = check_recipe(&r, "2026-01-01".parse().unwrap(), 30);
        assert!(
            found.iter().any(|(error, path, message, _)| *error
                && path == "changelog[0].effect"
                && message == "the effect changes nothing"),
            "{found:?}"
        );
    }
}
