//! `feed.xml`: an Atom feed of provider status changes, for support staff to subscribe to.
//! An entry is written when a recipe's `status` changes by an announced change (a changelog
//! entry with `effect.status`, in force on the build day), and when a provider's daily
//! verification (the report's `history`) goes from pass to fail or from fail back to pass.
//! Entry ids are built from the provider, the day and the kind of change, so they stay the
//! same from build to build; the words are the template's (`feed.xml`, escaped as XML).

use super::pages::status_label;
use super::site::SiteBuild;
use super::site_pages::{base_context, page_meta};
use crate::recipe::Recipe;
use crate::report::{DayOutcome, ProviderReport};
use jiff::civil::Date;
use serde::Serialize;

/// The feed as the template sees it.
#[derive(Debug, Serialize)]
struct Feed {
    /// The feed's own address, also its id.
    id: String,
    /// The newest entry's time, or the build day when there is none (RFC 3339).
    updated: String,
    /// Newest first.
    entries: Vec<Entry>,
}

/// One change.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Entry {
    id: String,
    /// `status`, `fail` or `pass`.
    kind: &'static str,
    name: String,
    date: Date,
    /// RFC 3339, midnight UTC of `date`.
    updated: String,
    link: String,
    /// The new status's label (`status` entries).
    status_label: &'static str,
    /// The change in plain text (`status` entries).
    text: String,
    /// The failing phase (`fail` entries).
    phase: Option<&'static str>,
    /// The day of the last check with the other outcome (`fail` and `pass` entries).
    since: Option<Date>,
}

impl SiteBuild<'_> {
    /// `feed.xml` at the site root.
    pub fn render_feed(&mut self) -> anyhow::Result<()> {
        let today = self.site.today;
        let mut entries = Vec::new();
        for loaded in &self.project.recipes {
            let recipe = &loaded.recipe;
            let link = format!("{}{}", self.base_url, super::provider_path(&recipe.id));
            entries.extend(status_entries(recipe, today, &link, &self.base_url));
            if let Some((report, _)) = self.reports.get(recipe.id.as_str()) {
                entries.extend(verification_entries(recipe, report, &link, &self.base_url));
            }
        }
        // Newest first; same-day entries by provider, then kind, so the order is stable.
        entries.sort_by(|a, b| (b.date, &a.name, a.kind).cmp(&(a.date, &b.name, b.kind)));
        let feed = Feed {
            id: format!("{}feed.xml", self.base_url),
            updated: entries
                .first()
                .map_or_else(|| midnight(today), |e| e.updated.clone()),
            entries,
        };
        let meta = page_meta(
            &self.site,
            "Status changes",
            "Provider status changes and verification results.",
            "feed.xml",
            "feed",
        );
        let mut cx = base_context(&self.site, "", meta);
        cx.insert("feed", &feed);
        let xml = self.theme.render("feed.xml", &cx)?;
        self.write_page("feed.xml", xml, false)
    }
}

fn midnight(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// A changelog entry whose `effect` sets the status, once its day has come.
fn status_entries(recipe: &Recipe, today: Date, link: &str, base: &str) -> Vec<Entry> {
    recipe
        .changelog
        .iter()
        .filter(|c| c.date <= today)
        .filter_map(|c| Some((c, c.effect.as_ref()?.status?)))
        .map(|(c, status)| Entry {
            id: format!(
                "{base}feed.xml#{}-{}-status-{}",
                recipe.id,
                c.date,
                status.as_str()
            ),
            kind: "status",
            name: recipe.name.clone(),
            date: c.date,
            updated: midnight(c.date),
            link: link.to_string(),
            status_label: status_label(status),
            text: super::markdown::plain_text(&c.change, link, base),
            phase: None,
            since: None,
        })
        .collect()
}

/// A day whose outcome differs from the last checked day before it (skipped days check
/// nothing and change nothing).
fn verification_entries(
    recipe: &Recipe,
    report: &ProviderReport,
    link: &str,
    base: &str,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut before: Option<(DayOutcome, Date)> = None;
    let mut days: Vec<_> = report.history.iter().collect();
    days.sort_by_key(|h| h.date);
    for day in days {
        if day.outcome == DayOutcome::Skipped {
            continue;
        }
        if let Some((outcome, since)) = before
            && outcome != day.outcome
        {
            let kind = if day.outcome == DayOutcome::Fail {
                "fail"
            } else {
                "pass"
            };
            entries.push(Entry {
                id: format!(
                    "{base}feed.xml#{}-{}-verification-{kind}",
                    recipe.id, day.date
                ),
                kind,
                name: recipe.name.clone(),
                date: day.date,
                updated: midnight(day.date),
                link: link.to_string(),
                status_label: status_label(recipe.status),
                text: String::new(),
                phase: day.failed_phase.map(|p| p.as_str()),
                since: Some(since),
            });
        }
        before = Some((day.outcome, day.date));
    }
    entries
}
