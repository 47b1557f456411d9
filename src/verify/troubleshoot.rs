//! Finding the troubleshooting entry for an SMTP failure. One algorithm serves `verify` (a
//! failed phase and the server's reply) and the site's error lookup (a message a merchant
//! pasted): the site runs it in JavaScript (`templates/static/site.js`) on data the build
//! writes into `search-index.json` ([`MATCHER`]: the weights and the patterns that read codes
//! out of a message; each entry's criteria and recipe), so nothing here is restated there.
//! `tests/fixtures/troubleshooting-golden.json` holds both to the same answers.
//!
//! What is observed: the phase (unknown for a pasted message), the reply code and enhanced
//! code (unknown when there is no reply or the message shows none), and the text. Each
//! criterion an entry names is then
//! - matched: it adds its weight;
//! - contradicted (a phase or code that is known and different): the entry is ruled out;
//! - missed (a code that is unknown, a text fragment that is not there): nothing is added and
//!   the entry is no longer an exact match;
//! - ignored (a phase, when the phase is unknown).
//!
//! An entry is a candidate when something matched and it is either exact or matched part of
//! the reply (its code, enhanced code or text): a phase alone never picks a partial match.
//! Candidates rank by: the provider in question first (the recipe being verified, or the one
//! the site was told about), then the providers the message itself names (their hosts and
//! `message_hints`, most hints first), higher weight (so a specific entry that misses its
//! text beats a catch-all that names only the code), exact before partial, then recipe id and
//! the entry's place in its recipe.
//!
//! A pasted message is read through [`pasted`]: the wrappers of the mail libraries that admin
//! panels use (Symfony and Swift Mailer, PHPMailer, Nodemailer, Python's smtplib) are unwrapped
//! so that the server's own reply is where the codes are read (never the code the library
//! *expected*), and the library's own words tell the phase (`getaddrinfo` → dns).

use crate::recipe::{ErrorMatch, Phase, Recipe, Troubleshooting};
use crate::report::SmtpReply;
use serde::Serialize;
use std::cmp::Reverse;

pub mod pasted;
pub use pasted::{PhaseSignal, hint_score, hints};

/// How much each matched criterion counts: the more specific, the more it weighs.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Weights {
    /// The verify phase.
    pub phase: u32,
    /// The three-digit reply code.
    pub code: u32,
    /// The enhanced status code (more specific than the reply code).
    pub enhanced: u32,
    /// A text fragment.
    pub text: u32,
}

/// The parts of the algorithm the site's JavaScript reads from `search-index.json`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Matcher {
    /// The criteria's weights.
    pub weights: Weights,
    /// Finds the reply code in a message (group 1: the first three-digit 2xx–5xx code that
    /// stands alone or starts a `535-…` continuation line). Written in the syntax common to
    /// the `regex` crate and JavaScript: no look-around, ASCII classes only.
    pub code_pattern: &'static str,
    /// Finds the enhanced status code (group 1), not a part of a longer dotted number.
    pub enhanced_pattern: &'static str,
    /// The wrappers mail libraries put around the server's reply, tried in order on the
    /// lower-cased message: the first that matches gives the reply (its groups joined by a
    /// space), where the codes are then read. Same regex dialect as `code_pattern`.
    pub unwrap: &'static [&'static str],
    /// What a library's or the system's words say about the phase that failed, tried in
    /// order on the lower-cased message: the first that matches names the phase.
    pub phases: &'static [PhaseSignal],
}

/// The one set of weights and patterns.
pub const MATCHER: Matcher = Matcher {
    weights: Weights {
        phase: 1,
        code: 2,
        enhanced: 3,
        text: 2,
    },
    code_pattern: r"(?:^|[^0-9.])([2-5][0-9][0-9])(?:[ \t\r\n-]|$)",
    enhanced_pattern: r"(?:^|[^0-9.])([245]\.[0-9]{1,3}\.[0-9]{1,3})(?:[^0-9.]|\.[^0-9]|\.$|$)",
    unwrap: pasted::UNWRAP,
    phases: pasted::PHASES,
};

/// What is known about one failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The phase that failed (`None` for a pasted message).
    pub phase: Option<Phase>,
    /// The reply code, when known.
    pub code: Option<u16>,
    /// The enhanced status code, when known.
    pub enhanced: Option<String>,
    /// The text text fragments are looked for in, lower-cased.
    pub text: String,
}

impl Observation {
    /// A failed verify phase: the reply if there was one, else the check's summary as text.
    pub fn failure(phase: Phase, reply: Option<&SmtpReply>, summary: &str) -> Observation {
        Observation {
            phase: Some(phase),
            code: reply.map(|r| r.code),
            enhanced: reply.and_then(|r| r.enhanced.clone()),
            text: reply.map_or(summary, |r| r.text.as_str()).to_lowercase(),
        }
    }
}

/// How well an entry's criteria fit an observation; ordered so that the better is greater
/// (the weight first: the entry sharing the most specific evidence wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    /// The sum of the matched criteria's weights.
    pub weight: u32,
    /// Every criterion that could be checked matched.
    pub exact: bool,
}

/// The fit of `m` to `seen`, or `None` when the entry is ruled out or not a candidate.
pub fn fit(m: &ErrorMatch, seen: &Observation) -> Option<Fit> {
    let w = MATCHER.weights;
    let (mut weight, mut exact, mut reply_matched) = (0, true, false);
    if let (Some(want), Some(got)) = (m.phase, seen.phase) {
        (want == got).then_some(())?;
        weight += w.phase;
    }
    let mut criterion = |named: bool, known: Option<bool>, add: u32| match (named, known) {
        (false, _) => Some(()),
        (true, Some(false)) => None,
        (true, Some(true)) => {
            weight += add;
            reply_matched = true;
            Some(())
        }
        (true, None) => {
            exact = false;
            Some(())
        }
    };
    criterion(
        m.code.is_some(),
        seen.code.map(|c| Some(c) == m.code),
        w.code,
    )?;
    let enhanced = seen
        .enhanced
        .as_deref()
        .map(|e| Some(e) == m.enhanced.as_deref());
    criterion(m.enhanced.is_some(), enhanced, w.enhanced)?;
    // A fragment that is not there is missed, never a contradiction.
    let text = m
        .text
        .as_ref()
        .filter(|t| seen.text.contains(&t.to_lowercase()));
    criterion(m.text.is_some(), text.map(|_| true), w.text)?;
    (weight > 0 && (exact || reply_matched)).then_some(Fit { weight, exact })
}

/// One candidate entry.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'r> {
    /// Its recipe.
    pub recipe: &'r Recipe,
    /// The entry.
    pub entry: &'r Troubleshooting,
    /// How well it fits.
    pub fit: Fit,
}

/// Every candidate among the entries of `recipes`, best first; `provider` (a recipe id) is
/// the provider in question, whose entries come first.
pub fn rank<'r>(
    recipes: &[&'r Recipe],
    provider: Option<&str>,
    seen: &Observation,
) -> Vec<Candidate<'r>> {
    let mut found: Vec<(usize, usize, Candidate<'r>)> = Vec::new();
    for recipe in recipes {
        let named = hint_score(&hints(recipe), &seen.text);
        for (position, entry) in recipe.troubleshooting.iter().enumerate() {
            if let Some(fit) = fit(&entry.matches, seen) {
                found.push((named, position, Candidate { recipe, entry, fit }));
            }
        }
    }
    found.sort_by_key(|(named, position, c)| {
        (
            Reverse(provider == Some(c.recipe.id.as_str())),
            Reverse(*named),
            Reverse(c.fit),
            c.recipe.id.clone(),
            *position,
        )
    });
    found.into_iter().map(|(_, _, c)| c).collect()
}

/// The best entry of `recipe` for a failure in `phase` with `reply` (and, without a reply,
/// the check's `summary` as the text to match).
pub fn find<'r>(
    recipe: &'r Recipe,
    phase: Phase,
    reply: Option<&SmtpReply>,
    summary: &str,
) -> Option<&'r Troubleshooting> {
    let seen = Observation::failure(phase, reply, summary);
    rank(&[recipe], Some(&recipe.id), &seen)
        .first()
        .map(|c| c.entry)
}

/// Like [`find`], but only an entry that names more than the phase (a code, an enhanced code
/// or a text): for a failure of `phase` that is not the one its catch-all entry explains
/// (a `454` to STARTTLS is not a port/mode mismatch, although it fails in `tls` too).
pub fn find_specific<'r>(
    recipe: &'r Recipe,
    phase: Phase,
    reply: Option<&SmtpReply>,
    summary: &str,
) -> Option<&'r Troubleshooting> {
    let seen = Observation::failure(phase, reply, summary);
    let specific = |m: &ErrorMatch| m.code.is_some() || m.enhanced.is_some() || m.text.is_some();
    rank(&[recipe], Some(&recipe.id), &seen)
        .into_iter()
        .find(|c| specific(&c.entry.matches))
        .map(|c| c.entry)
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
            cause: Default::default(),
            fix: Default::default(),
            provoke: None,
        }
    }

    fn recipe(entries: Vec<Troubleshooting>) -> Recipe {
        let recipe_yaml = include_str!("../../tests/fixtures/verify/recipes/starttls.yaml");
        let mut recipe: Recipe = serde_saphyr::from_str(recipe_yaml).unwrap();
        recipe.troubleshooting = entries;
        recipe
    }

    fn auth(code: Option<u16>, enhanced: Option<&str>, text: Option<&str>) -> ErrorMatch {
        ErrorMatch {
            phase: Some(Phase::Auth),
            code,
            enhanced: enhanced.map(str::to_string),
            text: text.map(str::to_string),
        }
    }

    #[test]
    fn most_specific_match_wins() {
        let recipe = recipe(vec![
            entry("any-auth", auth(None, None, None)),
            entry("bad-credentials", auth(Some(535), Some("5.7.8"), None)),
            entry(
                "text",
                ErrorMatch {
                    text: Some("STARTTLS".into()),
                    ..ErrorMatch::default()
                },
            ),
        ]);
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

    #[test]
    fn a_missed_text_is_a_partial_match_ranked_by_weight_then_exactness() {
        let recipe = recipe(vec![
            entry(
                "quota",
                auth(Some(550), Some("5.4.5"), Some("quota exceeded")),
            ),
            entry("any-550", auth(Some(550), None, None)),
            entry("any-5.4.5", auth(None, Some("5.4.5"), None)),
            entry("relay", auth(Some(550), Some("5.4.5"), Some("relay limit"))),
        ]);
        let reply = |text: &str| SmtpReply {
            code: 550,
            enhanced: Some("5.4.5".into()),
            text: text.into(),
        };
        let found = |r: &SmtpReply| find(&recipe, Phase::Auth, Some(r), "").unwrap().id.clone();
        // Partial (phase, code and enhanced; text missed) outweighs exact (phase and code).
        assert_eq!(found(&reply("Daily user sending limit exceeded")), "quota");
        assert_eq!(found(&reply("Daily SMTP relay limit exceeded")), "relay");
        // Equal weight: the exact entry wins.
        let seen = Observation::failure(Phase::Auth, Some(&reply("x")), "");
        let quota = fit(&recipe.troubleshooting[0].matches, &seen).unwrap();
        assert_eq!(
            quota,
            Fit {
                weight: 6,
                exact: false
            }
        );
        let only_code = SmtpReply {
            code: 550,
            enhanced: None,
            text: "quota exceeded".into(),
        };
        assert_eq!(found(&only_code), "quota");
        // Without a reply, the phase alone never picks a partial match.
        assert!(find(&recipe, Phase::Auth, None, "connection closed").is_none());
        // A contradicted phase or code rules an entry out.
        assert!(find(&recipe, Phase::Send, Some(&reply("x")), "").is_none());
        let other = SmtpReply {
            code: 451,
            enhanced: Some("4.4.5".into()),
            text: "x".into(),
        };
        assert!(find(&recipe, Phase::Auth, Some(&other), "").is_none());
    }
}
