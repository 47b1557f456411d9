//! Snapshots of rendered fragments: the quick-settings card, steps, the admin-form preview,
//! troubleshooting entries and callouts, rendered from the fixture recipes with the default
//! theme. A change to any of them shows up as a reviewable snapshot diff.

use mailbook::recipe::Project;
use mailbook::render::markdown::{self, ImageInfo, MarkdownContext};
use mailbook::render::pages::{ProviderView, prepare_provider};
use mailbook::render::templates::Theme;
use std::path::Path;

fn fixture_view(id: &str) -> ProviderView {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let project = Project::load(&root).expect("fixture loads");
    let loaded = project
        .recipes
        .iter()
        .find(|r| r.recipe.id == id)
        .expect("recipe exists");
    let theme = Theme::load(None).unwrap();
    let words = mailbook::render::catalogue::Words {
        catalogues: theme.catalogues(),
        lang: "en",
    };
    let prepared = prepare_provider(loaded, &project.config, &root.join("recipes"), None, words);
    assert!(prepared.problems.is_empty(), "{:?}", prepared.problems);
    prepared.view
}

fn fragment(name: &str, view: &ProviderView) -> String {
    let theme = Theme::load(None).unwrap();
    let mut cx = tera::Context::new();
    cx.insert("p", view);
    cx.insert("root", "../");
    // Collapse the blank lines left by template tags so snapshots show structure.
    theme
        .render(name, &cx)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn quick_settings_card() {
    insta::assert_snapshot!(fragment(
        "partials/quick-settings.html",
        &fixture_view("gmail")
    ));
}

#[test]
fn steps() {
    insta::assert_snapshot!(fragment("partials/steps.html", &fixture_view("gmail")));
}

#[test]
fn form_preview() {
    insta::assert_snapshot!(fragment(
        "partials/form-preview.html",
        &fixture_view("gmail")
    ));
}

#[test]
fn a_broken_provider_has_no_form_but_other_providers() {
    let outlook = fixture_view("outlook");
    assert_eq!(outlook.status, "broken");
    // No form preview, no check: nothing to fill in for a provider the panel cannot use.
    assert_eq!(fragment("partials/form-preview.html", &outlook), "");
    assert_eq!(fragment("partials/check-values.html", &outlook), "");
    let theme = Theme::load(None).unwrap();
    let mut cx = tera::Context::new();
    cx.insert("p", &outlook);
    cx.insert("root", "../");
    cx.insert(
        "site",
        &serde_json::json!({"alternatives": [
            {"id": "aol", "name": "AOL Mail", "status": "ok", "step_count": 1},
            {"id": "gmail", "name": "Gmail", "status": "preparation", "step_count": 3}
        ]}),
    );
    let html = theme.render("partials/quick-settings.html", &cx).unwrap();
    let html = html
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!html.contains("class=\"copy"), "{html}");
    assert!(!html.contains("type=\"password\""), "{html}");
    insta::assert_snapshot!(html);
}

#[test]
fn troubleshooting() {
    insta::assert_snapshot!(fragment(
        "partials/troubleshooting.html",
        &fixture_view("gmail")
    ));
}

#[test]
fn callouts_from_notes() {
    insta::assert_snapshot!(fragment("partials/callouts.html", &fixture_view("gmail")));
}

#[test]
fn callouts_from_markdown_alerts() {
    let mut no_images = |_: &str| -> Result<ImageInfo, String> { Err("no images".into()) };
    let mut cx = MarkdownContext {
        id_prefix: "x-",
        heading_offset: 3,
        root: "../",
        images: &mut no_images,
        labels: None,
    };
    let text = "> [!NOTE]\n> A note.\n\n> [!TIP]\n> A tip.\n\n> [!IMPORTANT]\n> Important.\n\n\
                > [!WARNING]\n> A warning.\n\n> [!CAUTION]\n> Careful: <script>x</script>\n";
    insta::assert_snapshot!(markdown::render(text, &mut cx).html);
}
