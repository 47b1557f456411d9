//! `check --external`: probe the web pages recipes link to.
//!
//! A dead official page is worth knowing about but is no reason to block a build (the
//! provider may be down for a minute), so every finding is a warning. Each URL is asked once
//! (HEAD, then GET when HEAD is refused), with short timeouts, a few at a time.

use crate::diagnostic::Diagnostic;
use crate::recipe::LoadedRecipe;
use crate::recipe::locate::PathMap;
use std::collections::BTreeMap;
use std::time::Duration;

/// How many URLs are probed at the same time.
const PARALLEL: usize = 8;

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Fine,
    Status(u16),
    Failed(String),
}

/// Probe every absolute URL in the recipes' typed link fields; one warning per broken use.
pub fn probe(recipes: &[LoadedRecipe]) -> Vec<Diagnostic> {
    // url → every (recipe index, field path) using it
    let mut uses: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (i, loaded) in recipes.iter().enumerate() {
        for (path, url) in urls(&loaded.recipe) {
            if url.starts_with("https://") || url.starts_with("http://") {
                uses.entry(url).or_default().push((i, path));
            }
        }
    }
    let urls: Vec<&String> = uses.keys().collect();
    let agent = agent();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(urls.len());
    for batch in urls.chunks(PARALLEL) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|url| {
                    let agent = &agent;
                    scope.spawn(move || check_one(agent, url))
                })
                .collect();
            for h in handles {
                outcomes.push(
                    h.join()
                        .unwrap_or_else(|_| Outcome::Failed("internal error".to_string())),
                );
            }
        });
    }
    let mut found: BTreeMap<usize, Vec<Diagnostic>> = BTreeMap::new();
    for (url, outcome) in urls.iter().zip(outcomes) {
        let message = match outcome {
            Outcome::Fine => continue,
            Outcome::Status(code) => format!("`{url}` answered HTTP {code}"),
            Outcome::Failed(why) => format!("`{url}` could not be reached: {why}"),
        };
        for (i, path) in &uses[*url] {
            let file = &recipes[*i].source.path;
            found.entry(*i).or_default().push(
                Diagnostic::warning(file, message.clone())
                    .path(path.clone())
                    .help("check that the page still exists; update the link if it moved"),
            );
        }
    }
    let mut out = Vec::new();
    for (i, diags) in found {
        let source = &recipes[i].source;
        let map = PathMap::new(&source.text);
        out.extend(diags.into_iter().map(|d| match map.locate(&d.path) {
            Some((line, column)) => d.at(line, column).with_source(&source.text),
            None => d,
        }));
    }
    out
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!(
            "mailbook/",
            env!("CARGO_PKG_VERSION"),
            " (check --external)"
        ))
        .build()
        .into()
}

fn check_one(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|resp| resp.status().as_u16())
    };
    // Some servers refuse HEAD (405, 501) or answer it wrongly (404); GET settles it.
    let code = match status(agent.head(url).call()) {
        Ok(code) if code < 400 => return Outcome::Fine,
        Ok(_) | Err(_) => status(agent.get(url).call()),
    };
    match code {
        Ok(code) if code < 400 => Outcome::Fine,
        Ok(code) => Outcome::Status(code),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Every URL field of a recipe with its path, plus absolute links in its Markdown.
fn urls(r: &crate::recipe::Recipe) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = super::rules::links::url_fields(r)
        .into_iter()
        .map(|(path, url)| (path, url.to_string()))
        .collect();
    for (i, s) in r.steps.iter().enumerate() {
        out.extend(markdown_links(&s.body, &format!("steps[{i}].body")));
    }
    for (i, t) in r.troubleshooting.iter().enumerate() {
        out.extend(markdown_links(&t.fix, &format!("troubleshooting[{i}].fix")));
    }
    out
}

fn markdown_links(text: &str, path: &str) -> Vec<(String, String)> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(text)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => {
                Some((path.to_string(), dest_url.to_string()))
            }
            _ => None,
        })
        .collect()
}
