//! One provider page as a whole (the fixture's Gmail page), locked as a single snapshot: the
//! fragments' snapshots (`fragments`) show each part, this one shows how they are put
//! together (head, navigation, order of sections, footer). Nothing on it varies between runs
//! or machines: the build is deterministic, the base URL is fixed, every date on the page
//! comes from the recipe, and the page names no folder of the machine (asserted below).

use super::support::Project;

#[test]
fn the_whole_gmail_page() {
    let project = Project::fixture("basic");
    project
        .build(&["--base-url", "https://help.example/mail/"])
        .success();
    let page = project.site("gmail/index.html");
    let root = project.root().display().to_string();
    assert!(!page.contains(&root), "the page names the build folder");
    assert!(page.contains("<h1>Gmail SMTP settings</h1>"), "{page}");
    insta::assert_snapshot!("gmail", page);
}

/// The errors page as a reader without JavaScript gets it: every entry of the fixture, by
/// provider and code, with cause, fix and the link to its provider page; in-page links of
/// the recipes' Markdown lead back to the provider page.
#[test]
fn the_errors_page_lists_every_entry_without_javascript() {
    let project = Project::fixture("basic");
    project
        .build(&["--base-url", "https://help.example/mail/"])
        .success();
    let page = project.site("errors/index.html");
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    assert!(
        page.contains(r#"<script src="../static/lookup.js" defer></script>"#),
        "{page}"
    );
    assert!(
        main.contains(r#"<div class="lookup js-only" id="lookup">"#),
        "{main}"
    );
    assert!(
        main.contains(r##"<a href="../gmail/#bad-credentials">This error on the Gmail page</a>"##),
        "{main}"
    );
    // The fixture's fix links to `#create-app-password` on the Gmail page.
    assert!(
        main.contains(r##"href="../gmail/#create-app-password""##),
        "{main}"
    );
    insta::assert_snapshot!("errors", main);
}
