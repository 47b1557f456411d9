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

/// The evidence fixture report with Gmail's test mail found in the inbox after 3.2 s, its two
/// troubleshooting entries confirmed and changed, and AOL failing at auth on a 451 reply.
fn report_with_badges() -> String {
    let path = super::support::repo().join("tests/fixtures/evidence/report.json");
    let mut report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let providers = report["providers"].as_array_mut().unwrap();
    let gmail = providers.iter_mut().find(|p| p["id"] == "gmail").unwrap();
    gmail["servers"][0]["delivery"] = serde_json::json!({
        "folder": "INBOX", "spam": false, "arrived_at": "2026-11-24T06:00:05Z",
        "delay_ms": 3200, "hops": 2, "disposal": "deleted"
    });
    gmail["confirmations"] = serde_json::json!([
        {"entry": "bad-credentials", "provoke": "wrong-password", "status": "confirmed",
         "summary": "confirmed", "confirmed_at": "2026-11-24T06:00:03Z"},
        {"entry": "app-password-required", "provoke": "wrong-password", "status": "changed",
         "summary": "no longer matches: the server now says 535 5.7.8 Nope"}
    ]);
    let aol = providers.iter_mut().find(|p| p["id"] == "aol").unwrap();
    aol["outcome"] = "fail".into();
    aol["failing_since"] = "2026-11-23T06:00:00Z".into();
    aol["servers"] = serde_json::json!([{
        "host": "smtp.aol.com", "port": 465, "security": "tls", "outcome": "fail",
        "checks": [{"phase": "auth", "status": "temporary", "duration_ms": 40,
                    "summary": "busy", "reply": {"code": 451, "text": "try later"}}]
    }]);
    report.to_string()
}

#[test]
fn the_verification_badges_speak_the_pages_language() {
    let project = Project::repository();
    project.write("report.json", &report_with_badges());
    project
        .build(&["--verification", "report.json", "--today", "2026-11-25"])
        .success();
    let ru = project.site("ru/gmail/index.html");
    for words in [
        "✓ проверено 2026-11-24",
        "доставлено во «Входящие» 2026-11-24 за 4 секунды",
        "подтверждено 2026-11-24",
        // The report's summary is quoted as it is.
        "больше не совпадает (проверено 2026-11-24): no longer matches: the server now says 535 5.7.8 Nope",
    ] {
        assert!(ru.contains(words), "{words} not in\n{ru}");
    }
    let en = project.site("gmail/index.html");
    for words in [
        "✓ verified on 2026-11-24",
        "delivered to the inbox in 4 s on 2026-11-24",
        "confirmed on 2026-11-24",
        "no longer matches (verified on 2026-11-24): no longer matches: the server now says",
    ] {
        assert!(en.contains(words), "{words} not in\n{en}");
    }
    assert!(!en.contains("доставлено"), "{en}");
    // A failing provider: the phase and the reply code stay as the report says them.
    let ru = project.site("ru/aol/index.html");
    assert!(
        ru.contains("✗ не работает с 2026-11-23: auth, 451 (временная ошибка)"),
        "{ru}"
    );
    let en = project.site("aol/index.html");
    assert!(
        en.contains("✗ failing since 2026-11-23: auth, 451 (temporary)"),
        "{en}"
    );
}
