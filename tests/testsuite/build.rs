//! `mailbook build` end to end: the real binary on fixture projects. Output files, determinism,
//! atomic replacement (failed build, SIGKILL), link checking with recipe locations, raw HTML
//! escaping, theme overrides, verification badges, and the repository's own recipes.

use super::support::{Project, tree};
use mailbook::diagnostic::Diagnostics;
use mailbook::render::{BuildOptions, build};
use std::path::Path;

/// Build through the library and return the diagnostics as stable JSON (paths relative).
fn diagnostics_of(project: &Project) -> serde_json::Value {
    let options = BuildOptions {
        root: project.root().to_path_buf(),
        out: project.root().join("site"),
        base_url: None,
        templates: None,
        verification: None,
        today: None,
    };
    let err = build(&options).expect_err("the build must fail");
    let diagnostics = err
        .downcast::<Diagnostics>()
        .unwrap_or_else(|e| panic!("not a Diagnostics error: {e:#}"));
    serde_json::to_value(&diagnostics.0).unwrap()
}

#[test]
fn builds_every_page_and_file() {
    let project = Project::fixture("basic");
    project.build(&[]).success();
    let site = tree(&project.root().join("site"));
    for file in [
        "index.html",
        "gmail/index.html",
        "outlook/index.html",
        "aol/index.html",
        "requirements/index.html",
        "errors/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "providers.json",
        "search-index.json",
        "static/style.css",
        "static/site.js",
        "static/search.js",
        "static/lookup.js",
        "static/vendor/minisearch.js",
        "static/vendor/minisearch.LICENSE.txt",
        "media/images/gmail/app-password.png",
    ] {
        assert!(site.contains_key(Path::new(file)), "missing {file}");
    }

    let index = project.site("index.html");
    for expected in [
        r#"<html lang="en">"#,
        r##"<a class="skip-link" href="#main">"##,
        "Content-Security-Policy",
        r#"<a href="gmail/">Gmail</a>"#,
        r#"<span class="badge status-broken">Not usable: pick another provider</span>"#,
        r#"<span class="badge status-preparation">Ready in 3 steps</span>"#,
        r#"href="requirements/""#,
        r#"href="errors/""#,
        r#"id="search-input""#,
    ] {
        assert!(index.contains(expected), "index lacks {expected}");
    }
    // No request may leave the site: no absolute http(s) URL in src/href of assets.
    for page in ["index.html", "gmail/index.html", "errors/index.html"] {
        let html = project.site(page);
        assert!(
            !html.contains("src=\"http"),
            "{page} loads something from outside"
        );
        assert!(
            !html.contains("<link rel=\"stylesheet\" href=\"http"),
            "{page}"
        );
    }

    let gmail = project.site("gmail/index.html");
    for anchor in [
        "settings",
        "requirements",
        "steps",
        "form",
        "notes",
        "troubleshooting",
        "limits",
        "changelog",
        "sources",
        "turn-on-2sv",
        "create-app-password",
        "bad-credentials",
    ] {
        assert!(
            gmail.contains(&format!("id=\"{anchor}\"")),
            "gmail lacks #{anchor}"
        );
    }
    assert!(gmail.contains(
        r#"<img src="../media/images/gmail/app-password.png" alt="The App passwords page with the name field filled in with &quot;OT Box&quot;" width="320" height="180" loading="lazy""#
    ));
    assert!(gmail.contains("https://git.example.com/mailbook/edit/main/recipes/gmail.yaml"));
    // Changelog newest first.
    let newer = gmail.find("2024-09-30").unwrap();
    let older = gmail.find("2022-05-30").unwrap();
    assert!(newer < older, "changelog must list the newest change first");

    let robots = project.site("robots.txt");
    assert!(
        robots.contains("Sitemap: https://help.example.com/mail/sitemap.xml"),
        "{robots}"
    );
    let sitemap = project.site("sitemap.xml");
    assert!(sitemap.contains(
        "<url><loc>https://help.example.com/mail/gmail/</loc><lastmod>2026-11-20</lastmod></url>"
    ));

    let providers: serde_json::Value =
        serde_json::from_str(&project.site("providers.json")).unwrap();
    assert_eq!(providers["version"], 1);
    assert_eq!(providers["domains"]["hotmail.com"]["provider"], "outlook");
    assert_eq!(providers["domains"]["gmail.com"]["host"], "smtp.gmail.com");
    assert_eq!(providers["domains"]["gmail.com"]["port"], 587);
    assert_eq!(providers["domains"]["gmail.com"]["security"], "starttls");
    assert_eq!(providers["domains"]["aol.com"]["security"], "tls");
    assert_eq!(providers["providers"]["gmail"]["smtp"][1]["port"], 465);
    assert_eq!(
        providers["providers"]["gmail"]["url"],
        "https://help.example.com/mail/gmail/"
    );

    let search: serde_json::Value =
        serde_json::from_str(&project.site("search-index.json")).unwrap();
    let docs = search["documents"].as_array().unwrap();
    let outlook = docs.iter().find(|d| d["title"] == "Outlook.com").unwrap();
    assert!(outlook["aliases"].as_str().unwrap().contains("Hotmail"));
    assert!(
        outlook["hosts"]
            .as_str()
            .unwrap()
            .contains("smtp-mail.outlook.com")
    );
    assert!(outlook["domains"].as_str().unwrap().contains("hotmail.com"));
    let entry = docs
        .iter()
        .find(|d| d["url"] == "gmail/#bad-credentials")
        .unwrap();
    assert_eq!(entry["kind"], "error");
    assert_eq!(entry["match"]["code"], 535);
    assert_eq!(entry["match"]["enhanced"], "5.7.8");
}

#[test]
fn two_builds_are_byte_identical() {
    let project = Project::fixture("basic");
    project.build(&["--out", "a"]).success();
    project.build(&["--out", "b"]).success();
    let a = tree(&project.root().join("a"));
    let b = tree(&project.root().join("b"));
    assert!(a.len() > 10);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between builds",
            path.display()
        );
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_exactly_as_it_was() {
    let project = Project::fixture("basic");
    project.build(&[]).success();
    let before = tree(&project.root().join("site"));

    project.edit("recipes/gmail.yaml", "[below](#form)", "[below](#frm)");
    project
        .build(&[])
        .code(1)
        .stderr_has("recipes/gmail.yaml:")
        .stderr_has("#frm");

    assert_eq!(
        tree(&project.root().join("site")),
        before,
        "site/ changed after a failed build"
    );
    let leftovers: Vec<String> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("mailbook-new") || n.contains("mailbook-old"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

/// The diagnostics of a failed build whose problems are in recipes. After validation
/// (`recipe::validate`) or while rendering, either layer may report them; both must name the
/// recipe file, a line, and the offending text.
fn assert_recipe_problem(diagnostics: &serde_json::Value, file: &str, needle: &str) {
    let list = diagnostics.as_array().expect("a list of diagnostics");
    let found = list.iter().any(|d| {
        d["file"] == file
            && d["line"].as_u64().unwrap_or(0) > 0
            && d["severity"] == "error"
            && d.to_string().contains(needle)
    });
    assert!(
        found,
        "no error in {file} mentioning {needle}: {diagnostics:#}"
    );
}

#[test]
fn broken_links_in_recipes_fail_with_the_recipe_location() {
    let project = Project::fixture("basic");
    project
        .edit("recipes/gmail.yaml", "[below](#form)", "[below](#frm)")
        .edit(
            "recipes/outlook.yaml",
            "Follow the [steps](#steps)",
            "Follow the [steps](#stepz)",
        );
    let diagnostics = diagnostics_of(&project);
    assert_recipe_problem(&diagnostics, "recipes/gmail.yaml", "#frm");
    assert_recipe_problem(&diagnostics, "recipes/outlook.yaml", "#stepz");
}

#[test]
fn broken_links_in_the_site_configuration_and_templates_fail_at_their_source() {
    // Recipe links are also checked by validation; these are only seen in the rendered site.
    let project = Project::fixture("basic");
    project
        .edit(
            "mailbook.yaml",
            "to other services or to recover accounts.",
            "to other services or to recover\n      accounts, see [encryption](#encryptoin) and [the lookup](../lookup/).",
        )
        .write(
            "templates/partials/sources.html",
            "<section id=\"sources\"><a href=\"#source-list\">Sources</a> <a href=\"../../outside/\">up</a></section>\n",
        );
    insta::assert_json_snapshot!("broken_links", diagnostics_of(&project));
}

#[test]
fn bad_images_and_link_schemes_fail_with_the_recipe_location() {
    let project = Project::fixture("basic");
    project
        .edit(
            "recipes/gmail.yaml",
            "src: images/gmail/app-password.png",
            "src: images/gmail/missing.png",
        )
        .edit(
            "recipes/aol.yaml",
            "choose *Generate app password*.",
            "choose *Generate app password*. [x](javascript:alert(1))",
        );
    let diagnostics = diagnostics_of(&project);
    assert_recipe_problem(&diagnostics, "recipes/gmail.yaml", "missing.png");
    assert_recipe_problem(&diagnostics, "recipes/aol.yaml", "javascript:alert(1)");
}

#[test]
fn an_anchor_used_twice_on_a_page_is_an_error() {
    let project = Project::fixture("basic");
    project.edit(
        "recipes/aol.yaml",
        "id: generate-app-password",
        "id: troubleshooting",
    );
    assert_recipe_problem(
        &diagnostics_of(&project),
        "recipes/aol.yaml",
        "troubleshooting",
    );
}

#[test]
fn a_relative_base_url_is_refused() {
    let project = Project::fixture("basic");
    project
        .build(&["--base-url", "help/"])
        .failure()
        .stderr_has("must be absolute");
}

#[test]
fn script_urls_in_link_fields_are_refused() {
    let project = Project::fixture("basic");
    project.edit(
        "recipes/gmail.yaml",
        "link: https://myaccount.google.com/security\n    body",
        "link: javascript:alert(1)\n    body",
    );
    assert_recipe_problem(
        &diagnostics_of(&project),
        "recipes/gmail.yaml",
        "javascript:alert(1)",
    );
}

#[test]
fn reserved_ids_are_refused() {
    let project = Project::fixture("basic");
    let aol = project.read("recipes/aol.yaml");
    project.write(
        "recipes/errors.yaml",
        &aol.replace("id: aol", "id: errors")
            .replace("[aol.com]", "[errors.example]"),
    );
    std::fs::remove_file(project.root().join("recipes/aol.yaml")).unwrap();
    let diagnostics = diagnostics_of(&project);
    let text = diagnostics.to_string();
    assert!(
        text.contains("the id `errors` is used by the site itself"),
        "{text}"
    );
}

#[test]
fn raw_html_in_recipes_is_shown_as_text() {
    let project = Project::fixture("basic");
    project
        .edit(
            "recipes/aol.yaml",
            "body: In **Account Security**",
            "body: <script>alert('x')</script> <img src=x onerror=\"alert(1)\"> In **Account Security**",
        )
        .edit(
            "recipes/aol.yaml",
            "summary: Send through",
            "summary: <script>alert(2)</script> Send through",
        )
        .edit(
            "recipes/aol.yaml",
            "symptom: 535 5.7.0",
            "symptom: <b onmouseover=alert(3)>535 5.7.0",
        );
    project.build(&[]).success();
    for page in ["aol/index.html", "index.html"] {
        let html = project.site(page);
        assert!(!html.contains("<script>alert"), "{page} runs recipe script");
        assert!(!html.contains("<img src=x"), "{page} has a recipe img tag");
        assert!(
            !html.contains("onerror=\""),
            "{page} has an onerror attribute"
        );
        assert!(!html.contains("<b onmouseover"), "{page} has a recipe tag");
        assert!(
            html.contains("&lt;script&gt;alert"),
            "{page} must show the text"
        );
    }
    let aol = project.site("aol/index.html");
    assert!(aol.contains("onerror=&quot;alert(1)&quot;"));
    // The only scripts are the theme's own files (site.js, values.js, ticket.js, MiniSearch)
    // and the page's JSON data blocks (the panel's data read by static/values.js, the
    // catalogue's messages read by the scripts; never run).
    assert_eq!(aol.matches("<script src=").count(), 4);
    assert_eq!(aol.matches("<script").count(), 6);
    assert_eq!(
        aol.matches(r#"<script type="application/json" id="messages">"#)
            .count(),
        1
    );
    assert_eq!(
        aol.matches(r#"<script type="application/json" id="panel-data">"#)
            .count(),
        1
    );
}

#[test]
fn local_templates_override_the_theme_by_name() {
    let project = Project::fixture("basic");
    project.write(
        "templates/partials/sources.html",
        "<section id=\"sources\"><h2>Custom sources for {{ p.name }}</h2></section>\n",
    );
    project.write("templates/static/brand.css", "body{}");
    project.build(&[]).success();
    let gmail = project.site("gmail/index.html");
    assert!(gmail.contains("Custom sources for Gmail"));
    assert!(
        gmail.contains("id=\"steps\""),
        "the rest of the theme is still the default"
    );
    assert!(project.root().join("site/static/brand.css").is_file());

    // `--templates DIR` takes another folder instead.
    project.write("other/robots.txt", "User-agent: *\nDisallow: /\n");
    project.build(&["--templates", "other"]).success();
    assert_eq!(project.site("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert!(!project.site("gmail/index.html").contains("Custom sources"));

    // A broken override is an error naming the template, and the site stays.
    project.write("templates/index.html", "{% if x %}oops");
    project.build(&[]).failure().stderr_has("index.html");
    assert_eq!(project.site("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn verification_report_shows_badges() {
    let project = Project::fixture("basic");
    project.write(
        "report.json",
        r#"{
  "schema_version": 1,
  "mailbook_version": "0.1.0",
  "started_at": "2026-11-24T10:00:00Z",
  "finished_at": "2026-11-24T10:01:00Z",
  "providers": [
    {"id": "aol", "outcome": "pass", "servers": []},
    {"id": "gmail", "outcome": "fail", "failing_since": "2026-11-22T08:00:00Z", "servers": [
      {"host": "smtp.gmail.com", "port": 587, "security": "starttls", "outcome": "fail", "checks": [
        {"phase": "tcp", "status": "pass", "duration_ms": 20, "summary": "connected"},
        {"phase": "auth", "status": "fail", "duration_ms": 80, "summary": "refused",
         "reply": {"code": 535, "enhanced": "5.7.8", "text": "Username and Password not accepted"},
         "troubleshooting": "bad-credentials"}
      ]}
    ]}
  ]
}"#,
    );
    project.build(&["--verification", "report.json"]).success();
    let index = project.site("index.html");
    assert!(index.contains("verified on 2026-11-24"), "aol badge");
    assert!(
        index.contains("failing since 2026-11-22: auth, 535 5.7.8"),
        "gmail badge"
    );
    let gmail = project.site("gmail/index.html");
    assert!(gmail.contains(r##"<a href="#bad-credentials">What this failure means</a>"##));
    assert!(!project.site("outlook/index.html").contains("verified"));

    project.write("bad.json", "{}");
    project
        .build(&["--verification", "bad.json"])
        .failure()
        .stderr_has("not a mailbook verification report");
}

#[test]
fn a_provider_carried_over_from_an_earlier_run_keeps_its_own_date() {
    // `verify --report` keeps providers not verified this time; their badge must say when
    // they were verified, not when the report they were carried into was written.
    let project = Project::fixture("basic");
    project.write(
        "report.json",
        r#"{
  "schema_version": 1,
  "mailbook_version": "0.1.0",
  "started_at": "2026-11-24T10:00:00Z",
  "finished_at": "2026-11-24T10:01:00Z",
  "providers": [
    {"id": "aol", "outcome": "pass", "last_passed": "2026-11-01T09:00:00Z", "servers": []},
    {"id": "gmail", "outcome": "pass", "last_passed": "2026-11-24T10:00:30Z", "servers": []}
  ]
}"#,
    );
    project.build(&["--verification", "report.json"]).success();
    let aol = project.site("aol/index.html");
    assert!(aol.contains("verified on 2026-11-01"), "{aol}");
    assert!(!aol.contains("verified on 2026-11-24"));
    assert!(
        project
            .site("gmail/index.html")
            .contains("verified on 2026-11-24")
    );
    let index = project.site("index.html");
    assert!(index.contains("verified on 2026-11-01"));
}

#[test]
fn a_provider_with_several_servers_shows_a_line_per_server() {
    let project = Project::fixture("basic");
    project.write(
        "report.json",
        r#"{
  "schema_version": 1,
  "mailbook_version": "0.1.0",
  "started_at": "2026-11-24T10:00:00Z",
  "finished_at": "2026-11-24T10:01:00Z",
  "providers": [
    {"id": "gmail", "outcome": "fail", "failing_since": "2026-11-22T08:00:00Z", "servers": [
      {"host": "smtp.gmail.com", "port": 587, "security": "starttls", "outcome": "fail", "checks": [
        {"phase": "tls", "status": "fail", "duration_ms": 20, "summary": "no STARTTLS"}
      ]},
      {"host": "smtp.gmail.com", "port": 465, "security": "tls", "outcome": "pass", "checks": [
        {"phase": "send", "status": "pass", "duration_ms": 20, "summary": "sent"}
      ]}
    ]},
    {"id": "aol", "outcome": "pass", "servers": [
      {"host": "smtp.aol.com", "port": 465, "security": "tls", "outcome": "pass", "checks": []}
    ]}
  ]
}"#,
    );
    project.build(&["--verification", "report.json"]).success();
    let gmail = project.site("gmail/index.html");
    assert!(
        gmail.contains("failing since 2026-11-22: tls"),
        "provider badge"
    );
    assert!(
        gmail.contains(
            "<code>smtp.gmail.com:587</code> <span class=\"badge verified-fail\">✗ failing since 2026-11-22: tls</span>"
        ),
        "{gmail}"
    );
    assert!(gmail.contains(
        "<code>smtp.gmail.com:465</code> <span class=\"badge verified-pass\">✓ verified on 2026-11-24</span>"
    ));
    // One server: the provider badge says it all.
    let aol = project.site("aol/index.html");
    assert!(aol.contains("verified on 2026-11-24"));
    assert!(!aol.contains("verified-servers"));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_build() {
    let project = Project::fixture("basic");
    project.write("docs/precious.txt", "keep me");
    project
        .build(&["--out", "docs"])
        .failure()
        .stderr_has("not built by mailbook");
    assert!(project.root().join("docs/precious.txt").is_file());
}

#[test]
fn builds_the_repository_itself() {
    // The repository is a mailbook project whose `templates/` is the default theme: building
    // it overrides the embedded theme with identical files, and its recipes must render.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: out_dir.path().join("site"),
        base_url: None,
        templates: None,
        verification: None,
        today: None,
    };
    let summary = build(&options).unwrap_or_else(|e| match e.downcast::<Diagnostics>() {
        Ok(d) => panic!("{}", d.render_text(false)),
        Err(e) => panic!("{e:#}"),
    });
    let recipes = std::fs::read_dir(root.join("recipes"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    // Every page in English and in Russian (`languages: [ru]`), and one 404 page.
    assert_eq!(summary.pages, (recipes + 3) * 2 + 1);
    assert!(out_dir.path().join("site/gmail/index.html").is_file());
}

#[test]
fn every_troubleshooting_link_verify_makes_names_an_id_on_the_built_page() {
    // `verify` prints `<base_url><id>/#<entry>` under each failure; the page it names must
    // exist in the built site and carry that id, for every entry of every recipe.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let basic = Project::fixture("basic");
    let mut links = 0;
    for root in [repo, basic.root()] {
        let out_dir = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: root.to_path_buf(),
            out: out_dir.path().join("site"),
            base_url: None,
            templates: None,
            verification: None,
            today: None,
        };
        if let Err(e) = build(&options) {
            panic!("{}: {e:#}", root.display());
        }
        let project = mailbook::recipe::Project::load(root)
            .unwrap_or_else(|d| panic!("{}", d.render_text(false)));
        let base = &project.config.base_url;
        for loaded in &project.recipes {
            let recipe = &loaded.recipe;
            for entry in &recipe.troubleshooting {
                let link = mailbook::verify::troubleshoot::link(base, &recipe.id, &entry.id);
                let rest = link
                    .strip_prefix(base.as_str())
                    .unwrap_or_else(|| panic!("{link} is not below {base}"));
                let (dir, fragment) = rest.split_once('#').expect("a fragment");
                let page = format!("{dir}index.html");
                let html = std::fs::read_to_string(out_dir.path().join("site").join(&page))
                    .unwrap_or_else(|e| panic!("{link}: site/{page}: {e}"));
                let ids = mailbook::render::links::scan(&page, &html).ids;
                assert!(
                    ids.iter().any(|id| id == fragment),
                    "{link}: no id `{fragment}` on {page}"
                );
                links += 1;
            }
        }
    }
    assert!(
        links >= 10,
        "only {links} troubleshooting links were checked"
    );
}

/// A consumer of `providers.json` following docs/providers-json.md: the domain itself, then its
/// parent domains under `domain_suffixes`, then the MX host against `mx_patterns`.
fn provider_for(providers: &serde_json::Value, domain: &str, mx: &str) -> Option<String> {
    if let Some(d) = providers["domains"].get(domain) {
        return d["provider"].as_str().map(str::to_string);
    }
    let mut rest = domain;
    while let Some((_, parent)) = rest.split_once('.') {
        if let Some(d) = providers["domain_suffixes"].get(parent) {
            return d["provider"].as_str().map(str::to_string);
        }
        rest = parent;
    }
    let matching: Vec<String> = providers["providers"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| {
            p["mx_patterns"].as_array().is_some_and(|patterns| {
                patterns.iter().any(|pat| {
                    let pat = pat.as_str().unwrap();
                    match pat.strip_prefix('*') {
                        Some(tail) => mx.ends_with(tail),
                        None => mx == pat,
                    }
                })
            })
        })
        .map(|(id, _)| id.clone())
        .collect();
    assert!(matching.len() <= 1, "{mx} matches {matching:?}");
    matching.into_iter().next()
}

#[test]
fn the_repository_providers_json_leads_microsoft_365_domains_to_their_recipe() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: out_dir.path().join("site"),
        base_url: None,
        templates: None,
        verification: None,
        today: None,
    };
    build(&options).unwrap_or_else(|e| panic!("{e:#}"));
    let text = std::fs::read_to_string(out_dir.path().join("site/providers.json")).unwrap();
    let providers: serde_json::Value = serde_json::from_str(&text).unwrap();
    let m365 = Some("microsoft-365".to_string());
    // The tenant's initial domain, found by its suffix.
    assert_eq!(
        provider_for(&providers, "contoso.onmicrosoft.com", ""),
        m365
    );
    assert_eq!(
        providers["domain_suffixes"]["onmicrosoft.com"]["host"],
        "smtp.office365.com"
    );
    // A company's own domain, found by its MX.
    assert_eq!(
        provider_for(
            &providers,
            "contoso.com",
            "contoso-com.mail.protection.outlook.com"
        ),
        m365
    );
    // Personal Outlook.com and Google-hosted custom domains are not caught by it.
    assert_eq!(
        provider_for(&providers, "hotmail.com", "").as_deref(),
        Some("outlook")
    );
    assert_eq!(
        provider_for(&providers, "shop.example", "eur.olc.protection.outlook.com").as_deref(),
        Some("outlook")
    );
    assert_eq!(
        provider_for(&providers, "shop.example", "aspmx.l.google.com").as_deref(),
        Some("google-workspace")
    );
    assert_eq!(provider_for(&providers, "onmicrosoft.com", ""), None);
    // cox.net moved to Yahoo Mail (audit Y2); Mail.ru's five domains are all covered.
    assert_eq!(
        provider_for(&providers, "cox.net", "").as_deref(),
        Some("yahoo")
    );
    for domain in ["mail.ru", "inbox.ru", "list.ru", "bk.ru", "internet.ru"] {
        assert_eq!(
            provider_for(&providers, domain, "").as_deref(),
            Some("mailru"),
            "{domain}"
        );
    }
}

#[test]
fn the_repository_site_shows_unconfirmed_panel_rules_as_reported_and_previews_the_form_per_provider()
 {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: out_dir.path().join("site"),
        base_url: None,
        templates: None,
        verification: None,
        today: None,
    };
    build(&options).unwrap_or_else(|e| panic!("{e:#}"));
    let page = |p: &str| std::fs::read_to_string(out_dir.path().join("site").join(p)).unwrap();
    // Every rule of mailbook.yaml rests on the seed guide or on provider pages only.
    let requirements = page("requirements/index.html");
    for id in [
        "username-whole-address",
        "password-letters",
        "username-no-dots",
        "sender-no-dots",
    ] {
        let start = requirements
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("rule {id} missing"));
        let rule = &requirements[start..];
        let rule = &rule[..rule.find("</div>").unwrap()];
        assert!(rule.contains("Reported, not confirmed"), "{rule}");
        assert!(rule.contains("unconfirmed"), "{rule}");
    }
    // The app-password help appears only where the password is an app password.
    let help = "The app password the provider created";
    assert!(page("gmail/index.html").contains(help));
    for id in ["outlook", "microsoft-365", "gmx", "zoho"] {
        assert!(
            !page(&format!("{id}/index.html")).contains(help),
            "{id} offers app-password help"
        );
    }
    // The user-name rule (whole address) fills User name; a suffix-only recipe gets an
    // example address under its suffix.
    let m365 = page("microsoft-365/index.html");
    assert!(m365.contains("value=\"yourshop@yourcompany.onmicrosoft.com\""));
    assert!(page("mailru/index.html").contains("value=\"yourshop@mail.ru\""));
}

#[test]
fn the_note_of_a_secondary_server_is_on_the_page_and_in_providers_json() {
    let project = Project::fixture("basic");
    project.edit(
        "recipes/gmail.yaml",
        "    security: tls\n    auth: [plain, login, xoauth2]\n    username: \"{email}\"\n    password: app_password\n",
        "    security: tls\n    auth: [plain, login, xoauth2]\n    username: \"{email}\"\n    password: app_password\n    note: Use this when the shop's network blocks port 587.\n",
    );
    project.build(&[]).success();
    let page = project.site("gmail/index.html");
    let table = page
        .split("<summary>All servers</summary>")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the page has an All servers table");
    assert!(
        table.contains(
            r#"<p class="server-note">Use this when the shop&#39;s network blocks port 587.</p>"#
        ),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&project.site("providers.json")).unwrap();
    let servers = &json["providers"]["gmail"]["smtp"];
    assert_eq!(servers[0]["port"], 587);
    assert_eq!(servers[0].get("note"), None, "{servers}");
    assert_eq!(servers[1]["port"], 465);
    assert_eq!(
        servers[1]["note"],
        "Use this when the shop's network blocks port 587."
    );
}
