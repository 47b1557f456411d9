//! The last render step: every internal link and anchor of the built pages must resolve,
//! and no id may be used twice on a page. A problem is reported at its source: the recipe
//! (or `mailbook.yaml`) field the link was written in, else the templates.

use super::links;
use super::pages::LinkOrigin;
use super::site::SiteBuild;
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

impl SiteBuild<'_> {
    /// Check links and ids on every page written so far; problems join the build's.
    pub fn render_link_check(&mut self) {
        let mut origins: Origins<'_> = HashMap::new();
        // Every language's pages; a translated page's links are reported at the recipe field
        // they come from.
        let outputs: Vec<&std::sync::Arc<super::ProviderOutput>> =
            self.done.iter().flatten().chain(&self.outputs).collect();
        for (o, loaded) in outputs.iter().zip(self.project.recipes.iter().cycle()) {
            origins.insert(&o.links.page, (&loaded.source.path, &o.origins));
        }
        for (page, list) in &self.config_origins {
            origins.insert(page, (&self.project.config_source.path, list));
        }
        let page_links: Vec<&links::PageLinks> = outputs
            .iter()
            .map(|o| &o.links)
            .chain(&self.site_links)
            .collect();
        let mut problems = duplicate_id_problems(&page_links, &origins);
        problems.extend(broken_link_problems(
            &page_links,
            &origins,
            &self.files,
            &self.site.base_path,
        ));
        self.problems.extend(problems);
    }
}

type Origins<'a> = HashMap<&'a str, (&'a Path, &'a [LinkOrigin])>;

fn duplicate_id_problems(
    page_links: &[&links::PageLinks],
    origins: &Origins<'_>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in page_links {
        for id in links::duplicate_ids(page) {
            let diagnostic = match origins.get(page.page.as_str()) {
                Some((file, _)) => {
                    Diagnostic::error(*file, format!("the anchor `#{id}` is used twice on the page `{}`", page.page))
                        .code("duplicate-anchor")
                        .help("step, troubleshooting and heading ids must be unique on a page and differ from the page's section ids")
                }
                None => Diagnostic::error(
                    "templates",
                    format!(
                        "the anchor `#{id}` is used twice on the page `{}`",
                        page.page
                    ),
                )
                .code("duplicate-anchor"),
            };
            problems.push(diagnostic);
        }
    }
    problems
}

fn broken_link_problems(
    page_links: &[&links::PageLinks],
    origins: &Origins<'_>,
    files: &std::collections::HashSet<String>,
    base_path: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for broken in links::check(page_links, files, base_path) {
        let origin = origins.get(broken.page.as_str()).and_then(|(file, list)| {
            list.iter()
                .find(|o| o.href == broken.href)
                .map(|o| (*file, o.field.clone(), o.within()))
        });
        let mut d = match origin {
            Some((file, field, within)) => Diagnostic::error(
                file,
                format!("broken link `{}`: {}", broken.href, broken.reason),
            )
            .code("broken-link")
            .path(field)
            .within_opt(within),
            None => Diagnostic::error(
                "templates",
                format!(
                    "the page `{}` has a broken link `{}`: {}",
                    broken.page, broken.href, broken.reason
                ),
            )
            .code("broken-link"),
        };
        if let Some(s) = broken.suggestion {
            d = d.help(format!("did you mean `{s}`?"));
        }
        problems.push(d);
    }
    problems
}
