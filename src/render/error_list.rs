//! The "all known errors" page (`errors/`): every troubleshooting entry, grouped by provider
//! and ordered by reply code, with its cause, fix and a link to the entry on its provider
//! page. It is plain HTML that works without JavaScript; the error lookup (`lookup.js`)
//! enhances it with the box that ranks the entries for a pasted message.
//!
//! The cause and fix are the HTML already rendered for the provider page, kept in the
//! provider's output so that a reused page (see [`super::incremental`]) still feeds this one.
//! Two things change on the way: ids written in the Markdown get the recipe id in front (two
//! providers' entries may share them here), and links to the page's own anchors (`#settings`)
//! point back to the provider page.

use super::pages::TroubleView;
use super::provider_path;
use serde::Serialize;

/// One entry on the errors page.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorCard {
    /// Anchor on the errors page: `<recipe>-<entry>`.
    pub anchor: String,
    /// The entry's anchor on its provider page.
    pub id: String,
    /// The codes it matches (`535 5.7.8`), or what kind of failure it is when it names none.
    pub code: String,
    /// Whether `code` is an SMTP code (shown as code) or words.
    pub is_code: bool,
    /// The error as the merchant sees it.
    pub symptom: String,
    /// Cause HTML.
    pub cause: String,
    /// Fix HTML.
    pub fix: String,
    /// Sort key: reply code first, then enhanced code; entries without a code last.
    #[serde(skip)]
    order: (u16, String),
}

/// One provider's entries.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorGroup {
    /// Recipe id (the section's anchor).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its page, relative to the site root.
    pub page: String,
    /// Entries ordered by code.
    pub entries: Vec<ErrorCard>,
}

/// What an entry without a reply code is about, from its phase.
fn phase_words(phase: Option<&str>) -> &'static str {
    match phase {
        Some("dns") => "Server not found",
        Some("tcp") => "No connection",
        Some("tls" | "certificate") => "Encryption",
        Some("ehlo" | "auth") => "Sign-in",
        Some("input") => "Panel form",
        Some("send") => "Sending",
        _ => "Message text",
    }
}

/// The HTML of a provider page's field, fitted to the errors page (see the module doc).
fn relocate(html: &str, recipe_id: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{recipe_id}-"))
        .replace(
            " href=\"#",
            &format!(" href=\"../{}#", provider_path(recipe_id)),
        )
}

/// The errors page's entries of one provider, from its page's troubleshooting view.
pub fn entries(recipe_id: &str, troubleshooting: &[TroubleView]) -> Vec<ErrorCard> {
    let mut cards: Vec<ErrorCard> = troubleshooting
        .iter()
        .map(|t| {
            let codes: Vec<String> = t
                .code
                .map(|c| c.to_string())
                .into_iter()
                .chain(t.enhanced.clone())
                .collect();
            ErrorCard {
                anchor: format!("{recipe_id}-{}", t.id),
                id: t.id.clone(),
                is_code: !codes.is_empty(),
                code: if codes.is_empty() {
                    phase_words(t.phase).to_string()
                } else {
                    codes.join(" ")
                },
                symptom: t.symptom.clone(),
                cause: relocate(&t.cause, recipe_id),
                fix: relocate(&t.fix, recipe_id),
                order: (
                    t.code
                        .unwrap_or(if t.enhanced.is_some() { 999 } else { 1000 }),
                    t.enhanced.clone().unwrap_or_default(),
                ),
            }
        })
        .collect();
    // Stable: entries with the same codes keep their recipe order.
    cards.sort_by(|a, b| a.order.cmp(&b.order));
    cards
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(
        id: &str,
        code: Option<u16>,
        enhanced: Option<&str>,
        phase: Option<&'static str>,
    ) -> TroubleView {
        TroubleView {
            id: id.into(),
            symptom: format!("symptom {id}"),
            phase,
            code,
            enhanced: enhanced.map(str::to_string),
            text: None,
            cause: format!(
                "<p id=\"{id}-cause-fn-1\">See <a href=\"#settings\">settings</a> or <a href=\"../requirements/\">x</a>.</p>"
            ),
            fix: String::new(),
            fallback: None,
            confirmed: None,
        }
    }

    #[test]
    fn entries_are_ordered_by_code_and_point_back_to_their_page() {
        let cards = entries(
            "gmail",
            &[
                view("dns", None, None, Some("dns")),
                view("tls", Some(530), None, None),
                view("bad", Some(535), Some("5.7.8"), Some("auth")),
                view("limit", Some(421), Some("4.7.0"), None),
                view("status", None, Some("5.7.57"), None),
            ],
        );
        let order: Vec<(&str, &str)> = cards
            .iter()
            .map(|c| (c.id.as_str(), c.code.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("limit", "421 4.7.0"),
                ("tls", "530"),
                ("bad", "535 5.7.8"),
                ("status", "5.7.57"),
                ("dns", "Server not found"),
            ]
        );
        assert_eq!(cards[0].anchor, "gmail-limit");
        assert!(!cards[4].is_code);
        assert_eq!(
            cards[0].cause,
            "<p id=\"gmail-limit-cause-fn-1\">See <a href=\"../gmail/#settings\">settings</a> or <a href=\"../requirements/\">x</a>.</p>"
        );
    }
}
