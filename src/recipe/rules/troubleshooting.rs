//! Troubleshooting entries: each matches something, with real SMTP codes.

use super::{Annotate, Found};
use crate::recipe::{Provoke, Recipe};

/// The JSON Schema pattern equal to [`is_enhanced_code`].
pub const ENHANCED_PATTERN: &str = "^[0-9]\\.[0-9]{1,3}\\.[0-9]{1,3}$";

/// Every rule about the troubleshooting entries of one recipe.
pub fn check(r: &Recipe, f: &mut Found<'_>) {
    for (i, t) in r.troubleshooting.iter().enumerate() {
        let m = &t.matches;
        let p = format!("troubleshooting[{i}].match");
        if m.phase.is_none() && m.code.is_none() && m.enhanced.is_none() && m.text.is_none() {
            f.error("matches-nothing", &p, "the entry matches nothing")
                .expected("at least one of phase, code, enhanced, text");
        }
        if let Some(code) = m.code
            && !(200..=599).contains(&code)
        {
            f.error(
                "not-an-smtp-code",
                format!("{p}.code"),
                format!("`{code}` is not an SMTP reply code"),
            )
            .expected("a three-digit code from 200 to 599, e.g. 535");
        }
        if let Some(e) = &m.enhanced
            && !is_enhanced_code(e)
        {
            f.error(
                "not-an-enhanced-code",
                format!("{p}.enhanced"),
                format!("`{e}` is not an enhanced status code"),
            )
            .expected("class.subject.detail as in RFC 3463, e.g. `5.7.8`");
        }
        if let Some(how) = t.provoke {
            provokable(how, m, &format!("troubleshooting[{i}]"), f);
        }
        if m.text.as_deref().is_some_and(|t| t.trim().is_empty()) {
            f.error(
                "empty-value",
                format!("{p}.text"),
                "the text to match is empty",
            );
        }
    }
    for (i, s) in r.steps.iter().enumerate() {
        if s.title.trim().is_empty() {
            f.error(
                "empty-value",
                format!("steps[{i}].title"),
                "the title is empty",
            );
        }
    }
}

/// An entry `verify --confirm-errors` provokes with `how` must name something of the reply to
/// compare (code, enhanced code or text), and a phase, if any, where `how` is observed.
fn provokable(how: Provoke, m: &crate::recipe::ErrorMatch, at: &str, f: &mut Found<'_>) {
    if m.code.is_none() && m.enhanced.is_none() && m.text.is_none() {
        f.error(
            "provoke-nothing-to-confirm",
            format!("{at}.provoke"),
            format!(
                "`provoke: {}` with nothing of the reply to compare",
                how.as_str()
            ),
        )
        .expected("match.code, match.enhanced or match.text as the server answers");
    }
    if let Some(phase) = m.phase
        && !how.phases().contains(&phase)
    {
        let phases: Vec<&str> = how.phases().iter().map(|p| p.as_str()).collect();
        f.error(
            "provoke-wrong-phase",
            format!("{at}.provoke"),
            format!(
                "`provoke: {}` is answered in {}, but the entry matches phase {phase}",
                how.as_str(),
                phases.join(" or ")
            ),
        )
        .expected(format!("match.phase {} or none", phases.join(" or ")));
    }
}

/// RFC 3463 `class.subject.detail`: `5.7.8`, `4.7.0`, `5.7.139`.
pub fn is_enhanced_code(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.chars().all(|c| c.is_ascii_digit())
    };
    parts.len() == 3 && digits(parts[0], 1) && digits(parts[1], 3) && digits(parts[2], 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enhanced_codes() {
        assert!(is_enhanced_code("5.7.8"));
        assert!(is_enhanced_code("5.7.139"));
        for bad in ["5.7", "57.1.1", "5.7.1234", "a.b.c", "5.7.8."] {
            assert!(!is_enhanced_code(bad), "{bad}");
        }
    }
}
