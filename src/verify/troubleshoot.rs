//! Finding the recipe's troubleshooting entry for a failed check: every criterion an entry
//! gives (phase, code, enhanced code, text) must match; among matching entries the most
//! specific wins, then the first in the recipe.

use crate::recipe::{ErrorMatch, Phase, Recipe, Troubleshooting};
use crate::report::SmtpReply;

/// The best entry of `recipe` for a failure in `phase` with `reply` (and, without a reply,
/// the check's `summary` as the text to match).
pub fn find<'r>(
    recipe: &'r Recipe,
    phase: Phase,
    reply: Option<&SmtpReply>,
    summary: &str,
) -> Option<&'r Troubleshooting> {
    recipe
        .troubleshooting
        .iter()
        .filter_map(|t| score(&t.matches, phase, reply, summary).map(|s| (s, t)))
        // max_by_key keeps the last maximum; reverse so the first entry wins ties.
        .rev()
        .max_by_key(|(s, _)| *s)
        .map(|(_, t)| t)
}

/// The number of criteria that matched, or `None` if one did not (or none was given).
fn score(m: &ErrorMatch, phase: Phase, reply: Option<&SmtpReply>, summary: &str) -> Option<u8> {
    let mut n = 0;
    if let Some(p) = m.phase {
        (p == phase).then_some(())?;
        n += 1;
    }
    if let Some(code) = m.code {
        (reply?.code == code).then_some(())?;
        n += 1;
    }
    if let Some(enhanced) = &m.enhanced {
        (reply?.enhanced.as_deref() == Some(enhanced.as_str())).then_some(())?;
        n += 1;
    }
    if let Some(text) = &m.text {
        let haystack = reply.map(|r| r.text.as_str()).unwrap_or(summary);
        haystack
            .to_lowercase()
            .contains(&text.to_lowercase())
            .then_some(())?;
        n += 1;
    }
    (n > 0).then_some(n)
}

/// The entry's address on the site: `<base_url><recipe id>/#<entry id>`.
pub fn link(base_url: &str, recipe_id: &str, entry_id: &str) -> String {
    use crate::render::{normalize_base_url, provider_path};
    format!(
        "{}{}#{entry_id}",
        normalize_base_url(base_url),
        provider_path(recipe_id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, m: ErrorMatch) -> Troubleshooting {
        Troubleshooting {
            id: id.into(),
            matches: m,
            symptom: String::new(),
            cause: String::new(),
            fix: String::new(),
        }
    }

    #[test]
    fn most_specific_match_wins() {
        let recipe_yaml = include_str!("../../tests/fixtures/verify/recipes/starttls.yaml");
        let mut recipe: Recipe = serde_saphyr::from_str(recipe_yaml).unwrap();
        recipe.troubleshooting = vec![
            entry(
                "any-auth",
                ErrorMatch {
                    phase: Some(Phase::Auth),
                    ..ErrorMatch::default()
                },
            ),
            entry(
                "bad-credentials",
                ErrorMatch {
                    phase: Some(Phase::Auth),
                    code: Some(535),
                    enhanced: Some("5.7.8".into()),
                    text: None,
                },
            ),
            entry(
                "text",
                ErrorMatch {
                    text: Some("STARTTLS".into()),
                    ..ErrorMatch::default()
                },
            ),
        ];
        let reply = SmtpReply {
            code: 535,
            enhanced: Some("5.7.8".into()),
            text: "Authentication credentials invalid".into(),
        };
        let found = find(&recipe, Phase::Auth, Some(&reply), "").unwrap();
        assert_eq!(found.id, "bad-credentials");
        let other = SmtpReply {
            code: 534,
            ..reply.clone()
        };
        assert_eq!(
            find(&recipe, Phase::Auth, Some(&other), "").unwrap().id,
            "any-auth"
        );
        assert_eq!(
            find(&recipe, Phase::Tls, None, "server does not offer starttls")
                .unwrap()
                .id,
            "text"
        );
        assert!(find(&recipe, Phase::Send, None, "x").is_none());
        assert_eq!(
            link("https://h.example/mail/", "gmail", "bad-credentials"),
            "https://h.example/mail/gmail/#bad-credentials"
        );
    }
}
