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
