//! The help center in Russian: a translated page with the recipe's values, stale
//! translations caught per field with both places, and translations refused when they try to
//! set a setting.

use super::support::Project;

#[test]
fn the_russian_gmail_page_has_russian_prose_and_the_recipes_values() {
    let project = Project::repository();
    project
        .build(&[
            "--base-url",
            "https://help.example/mail/",
            "--today",
            "2026-12-02",
        ])
        .success();
    let page = project.site("ru/gmail/index.html");
    assert!(page.contains("<html lang=\"ru\">"), "{page}");
    assert!(page.contains("Создайте пароль приложения"), "{page}");
    // The values come from the recipe, once, for every language.
    assert!(page.contains("smtp.gmail.com"), "{page}");
    assert!(page.contains("hreflang=\"en\" href=\"https://help.example/mail/gmail/\""));
    assert!(
        !page.contains("fallback-note"),
        "Gmail is fully translated:\n{page}"
    );
    let english = project.site("gmail/index.html");
    assert!(english.contains("hreflang=\"ru\" href=\"https://help.example/mail/ru/gmail/\""));
    // Every shipped recipe is translated; the fallback note is tested with a stale field below.
    let outlook = project.site("ru/outlook/index.html");
    assert!(outlook.contains("<html lang=\"ru\">"), "{outlook}");
    assert!(
        !outlook.contains("Этот раздел ещё не переведён"),
        "{outlook}"
    );
    insta::assert_snapshot!("ru_gmail", page);
}

#[test]
fn a_changed_english_body_makes_the_translation_stale_with_both_places() {
    let project = Project::repository();
    project.edit(
        "recipes/gmail.yaml",
        "1. Open **App passwords** (you may have to sign in again).",
        "1. Open **App passwords** (Google may ask you to sign in again).",
    );
    let ran = project.run(&["check"]);
    ran.success();
    let err = &ran.stderr;
    assert!(
        err.contains("ru: steps[create-app-password].body translates an older text"),
        "{err}"
    );
    assert!(
        err.contains("--> translations/ru/recipes/gmail.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("the source text at recipes/gmail.yaml:"),
        "{err}"
    );
    let status = project.run(&["translate", "status"]);
    assert!(status.stdout.contains("1 stale"), "{}", status.stdout);
    assert!(
        status.stdout.contains("steps[create-app-password].body"),
        "{}",
        status.stdout
    );
    project.build(&["--today", "2026-12-02"]).success();
    let page = project.site("ru/gmail/index.html");
    let step = &page[page.find("id=\"create-app-password\"").unwrap()..];
    let step = &step[..step.find("</li>").unwrap()];
    assert!(
        step.contains("Английский текст этого раздела изменился"),
        "{step}"
    );
    assert!(
        step.contains("Google may ask you to sign in again"),
        "{step}"
    );
    // Accepting the revised translation records the new text.
    project
        .run(&[
            "translate",
            "update",
            "ru",
            "--accept",
            "gmail:steps[create-app-password].body",
        ])
        .success();
    let ran = project.run(&["check"]);
    assert!(!ran.stderr.contains("older text"), "{}", ran.stderr);
}

#[test]
fn a_translation_that_sets_a_port_or_host_is_an_error_with_its_place() {
    let project = Project::repository();
    project.write(
        "translations/ru/recipes/yahoo.yaml",
        "summary: Письма магазина через Yahoo.\nsmtp:\n  - note: Заметка.\n    port: 25\n",
    );
    let ran = project.run(&["check"]);
    ran.failure();
    assert!(
        ran.stderr
            .contains("a translation cannot set `port`: it is a setting, not prose"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("--> translations/ru/recipes/yahoo.yaml:4:5"),
        "{}",
        ran.stderr
    );
}
