//! The committed JSON Schemas match the types, and an independent validator (the
//! `jsonschema` crate) accepts every shipped recipe and rejects broken ones.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn printed(kind: &str) -> String {
    let out = cargo_bin_cmd!("mailbook")
        .args(["schema", kind])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
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
    for kind in ["recipe", "config", "report"] {
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
fn edited_project(from: &str, to: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/valid");
    let copy = |from: &Path, to: &Path| {
        fn walk(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                let target = to.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    walk(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), &target).unwrap();
                }
            }
        }
        walk(from, to)
    };
    copy(&fixture, dir.path());
    if !dir.path().join("mailbook.yaml").exists() {
        std::fs::copy(
            root().join("tests/fixtures/mailbook.yaml"),
            dir.path().join("mailbook.yaml"),
        )
        .unwrap();
    }
    let path = dir.path().join("recipes/acme.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "the fixture has no `{from}`");
    let text = text.replacen(from, to, 1);
    std::fs::write(&path, &text).unwrap();
    (dir, text)
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
        let (dir, text) = edited_project(from, to);
        let check = cargo_bin_cmd!("mailbook")
            .arg("--root")
            .arg(dir.path())
            .arg("check")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert_eq!(
            check.status.success(),
            *valid,
            "{name}: check says\n{stderr}"
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
