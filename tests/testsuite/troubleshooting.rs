//! The golden troubleshooting table (`tests/fixtures/troubleshooting-golden.json`) through the
//! Rust matcher, on the repository's recipes: every row as a pasted message (what the site's
//! error lookup does; `tests/browser/site-test.mjs` runs the same rows in chromium), and the
//! rows that name a phase also as a verify failure through the provider's recipe. The rows
//! hold what merchants paste: bare replies and the same replies wrapped by Symfony Mailer,
//! Swift Mailer, PHPMailer, Nodemailer and Python's smtplib, and DNS and connection failures.

use super::support::repo;
use mailbook::recipe::{Phase, Recipe};
use mailbook::report::SmtpReply;
use mailbook::verify::troubleshoot::{self, Observation};
use serde_json::Value;

fn recipes() -> Vec<Recipe> {
    let mut recipes: Vec<Recipe> = std::fs::read_dir(repo().join("recipes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect();
    recipes.sort_by(|a, b| a.id.cmp(&b.id));
    recipes
}

fn rows() -> Vec<Value> {
    let path = repo().join("tests/fixtures/troubleshooting-golden.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    table["rows"].as_array().unwrap().clone()
}

/// `recipe#entry`, or `none`.
fn expected(row: &Value) -> String {
    match &row["expect"] {
        Value::Null => "none".into(),
        e => format!(
            "{}#{}",
            e["recipe"].as_str().unwrap(),
            e["entry"].as_str().unwrap()
        ),
    }
}

#[test]
fn every_golden_row_as_a_pasted_message() {
    let recipes = recipes();
    let all: Vec<&Recipe> = recipes.iter().collect();
    let rows = rows();
    assert!(rows.len() >= 20, "only {} rows", rows.len());
    // Each mail library's wrapper, and the failures before any reply, are in the table.
    for wrapper in [
        "Expected response code \"235\" but got code",
        "Expected response code 250 but got code",
        "SMTP ERROR: Password command failed",
        "SMTP connect() failed",
        "Invalid login:",
        "responseCode:",
        "smtplib.SMTPAuthenticationError",
        "getaddrinfo",
        "ECONNREFUSED",
        "timed out",
    ] {
        assert!(
            rows.iter()
                .any(|r| r["message"].as_str().unwrap().contains(wrapper)),
            "no golden row for `{wrapper}`"
        );
    }
    let mut wrong = Vec::new();
    for row in &rows {
        let message = row["message"].as_str().unwrap();
        let seen = Observation::pasted(message);
        let ranked = troubleshoot::rank(&all, row["provider"].as_str(), &seen);
        let got = ranked.first().map_or("none".to_string(), |c| {
            format!("{}#{}", c.recipe.id, c.entry.id)
        });
        if got != expected(row) {
            wrong.push(format!(
                "{message:?} ({}): got {got}, expected {}",
                row["provider"],
                expected(row)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} row(s) disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn golden_rows_with_a_phase_as_verify_failures() {
    let recipes = recipes();
    let mut checked = 0;
    for row in rows().iter().filter(|r| r.get("phase").is_some()) {
        let id = row["provider"]
            .as_str()
            .expect("a row with a phase names its provider");
        let recipe = recipes.iter().find(|r| r.id == id).unwrap();
        let phase: Phase = serde_json::from_value(row["phase"].clone()).unwrap();
        let message = row["message"].as_str().unwrap();
        // The reply as verify's session reads it: code, enhanced code, text.
        let seen = Observation::pasted(message);
        let reply = SmtpReply {
            code: seen.code.expect("a verify row has a reply code"),
            enhanced: seen.enhanced,
            text: message.to_string(),
        };
        let got = troubleshoot::find(recipe, phase, Some(&reply), "")
            .map_or("none".to_string(), |t| format!("{id}#{}", t.id));
        assert_eq!(got, expected(row), "{message:?} in phase {phase:?}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} verify rows");
}

#[test]
fn the_built_search_index_carries_the_matcher_the_site_runs() {
    let project = super::support::Project::fixture("basic");
    project.build(&[]).success();
    let index: Value = serde_json::from_str(&project.site("search-index.json")).unwrap();
    assert_eq!(
        index["matcher"],
        serde_json::to_value(troubleshoot::MATCHER).unwrap()
    );
    let errors: Vec<&Value> = index["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "error")
        .collect();
    assert!(!errors.is_empty());
    for doc in errors {
        let recipe = doc["match"]["recipe"].as_str().unwrap();
        let url = doc["url"].as_str().unwrap();
        assert!(url.starts_with(&format!("{recipe}/#")), "{doc}");
    }
    // Every recipe's hints are published for the lookup to recognise its provider.
    for (id, hints) in index["recognize"].as_object().unwrap() {
        assert!(
            !hints.as_array().unwrap().is_empty(),
            "{id} has no hints (its SMTP hosts at least)"
        );
    }
    // The lookup's script reads these names; renaming one on either side breaks the lookup.
    let script = std::fs::read_to_string(repo().join("templates/static/lookup.js")).unwrap();
    for name in [
        "code_pattern",
        "enhanced_pattern",
        "weights",
        "matcher.unwrap",
        "matcher.phases",
        ".pattern",
        ".phase",
        "index.recognize",
        "match.recipe",
    ] {
        assert!(script.contains(name), "lookup.js no longer reads `{name}`");
    }
}
