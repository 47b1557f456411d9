//! The committed JSON Schemas match the types, and an independent validator (the
//! `jsonschema` crate) accepts every shipped recipe and rejects broken ones.

use super::support::{Cmd, Project, repo as root};
use serde_json::Value;
use std::path::PathBuf;

fn printed(kind: &str) -> String {
    let out = Cmd::new().args(["schema", kind]).run();
    out.success();
    out.stdout
}

fn committed(kind: &str) -> String {
    std::fs::read_to_string(root().join(format!("schemas/{kind}.schema.json"))).unwrap()
}

fn validator(kind: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&committed(kind)).unwrap();
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// YAML text → JSON value, as an editor's YAML language server sees it.
fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_are_up_to_date() {
    for kind in [
        "recipe",
        "config",
        "report",
        "translation",
        "site-translation",
    ] {
        assert_eq!(
            committed(kind),
            printed(kind),
            "schemas/{kind}.schema.json is stale: run `cargo run -- schema {kind} > schemas/{kind}.schema.json`"
        );
    }
}

#[test]
fn the_schema_knows_dates_and_ports() {
    let schema: Value = serde_json::from_str(&committed("recipe")).unwrap();
    assert_eq!(schema["properties"]["reviewed"]["format"], "date");
    assert_eq!(
        schema["$defs"]["SmtpServer"]["properties"]["port"]["minimum"],
        1
    );
}

#[test]
fn every_shipped_recipe_and_the_config_pass_the_schema() {
    let recipes = validator("recipe");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("recipes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.push(root().join("tests/fixtures/valid/recipes/acme.yaml"));
    assert!(files.len() >= 2);
    for file in files {
        let value = yaml(&std::fs::read_to_string(&file).unwrap());
        let problems = errors(&recipes, &value);
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
    let config = validator("config");
    for file in ["mailbook.yaml", "tests/fixtures/mailbook.yaml"] {
        let value = yaml(&std::fs::read_to_string(root().join(file)).unwrap());
        let problems = errors(&config, &value);
        assert!(problems.is_empty(), "{file}: {problems:#?}");
    }
}

#[test]
fn broken_recipes_fail_the_schema() {
    let recipes = validator("recipe");
    let good =
        std::fs::read_to_string(root().join("tests/fixtures/valid/recipes/acme.yaml")).unwrap();
    assert!(recipes.is_valid(&yaml(&good)));
    for (what, from, to, pointer) in [
        ("port 0", "port: 587", "port: 0", "/smtp/0/port"),
        (
            "bad enum",
            "security: starttls",
            "security: startls",
            "/smtp/0/security",
        ),
        (
            "unknown field",
            "    security: starttls",
            "    securty: starttls",
            "/smtp/0",
        ),
        (
            "bad date",
            "reviewed: 2026-01-15",
            "reviewed: 2026-13-45",
            "/reviewed",
        ),
        ("missing field", "summary: Send", "sumary: Send", ""),
        (
            "wrong type",
            "domains: [acme.test, acmemail.test]",
            "domains: acme.test",
            "/domains",
        ),
    ] {
        assert!(good.contains(from), "{what}");
        let bad = yaml(&good.replacen(from, to, 1));
        let problems = errors(&recipes, &bad);
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&format!("{pointer}: "))),
            "{what}: {problems:#?}"
        );
    }
}

/// A copy of the valid fixture project with `from` replaced by `to` in its recipe.
fn edited_project(from: &str, to: &str) -> (Project, String) {
    let project = Project::fixture("valid");
    project.edit("recipes/acme.yaml", from, to);
    let text = project.read("recipes/acme.yaml");
    (project, text)
}

/// `check` and the committed schema (as a YAML 1.2 editor reads the file) accept and reject
/// the same values: scalars, enums, patterns and conditional rules.
#[test]
fn check_and_the_schema_agree() {
    let cases: &[(&str, &str, &str, bool)] = &[
        ("unchanged", "id: acme", "id: acme", true),
        ("port as text", "port: 587", "port: \"587\"", false),
        ("port as text", "port: 465", "port: '465'", false),
        ("port too large", "port: 465", "port: 70000", false),
        (
            "YAML 1.1 boolean",
            "preferred: true",
            "preferred: yes",
            false,
        ),
        (
            "boolean as text",
            "preferred: true",
            "preferred: \"true\"",
            false,
        ),
        (
            "unknown security",
            "security: starttls",
            "security: ssl",
            false,
        ),
        (
            "unknown status",
            "status: preparation",
            "status: okay",
            false,
        ),
        ("id pattern", "id: acme", "id: Acme", false),
        (
            "domain pattern",
            "domains: [acme.test,",
            "domains: [acme_test,",
            false,
        ),
        (
            "relative URL",
            "url: https://help.acme.test/smtp",
            "url: help.acme.test/smtp",
            false,
        ),
        (
            "enhanced code",
            "enhanced: 5.7.8",
            "enhanced: \"57.1.1\"",
            false,
        ),
        ("reply code range", "code: 535", "code: 999", false),
        ("step id pattern", "id: turn-on-2sv", "id: Turn_On", false),
        ("blank name", "name: Acme Mail", "name: \"\"", false),
        (
            "status needs hint",
            "hint: Create an app password first; the normal password is refused.\n",
            "",
            false,
        ),
        (
            "ok needs no hint",
            "status: preparation\nhint: Create an app password first; the normal password is refused.\n",
            "status: ok\n",
            true,
        ),
        (
            "plaintext needs a reason",
            "security: starttls",
            "security: none",
            false,
        ),
        (
            "plaintext with a reason",
            "security: starttls",
            "security: none\n    plaintext_reason: The provider offers nothing else.",
            true,
        ),
    ];
    let validator = validator("recipe");
    for (name, from, to, valid) in cases {
        let (project, text) = edited_project(from, to);
        let check = project.run(&["check"]);
        assert_eq!(
            check.code == 0,
            *valid,
            "{name}: check says\n{}",
            check.stderr
        );
        let options = serde_saphyr::options! { strict_booleans: true };
        let value: Value = serde_saphyr::from_str_with_options(&text, options).unwrap();
        let found = errors(&validator, &value);
        assert_eq!(
            found.is_empty(),
            *valid,
            "{name}: the schema says {found:?}"
        );
    }
}
