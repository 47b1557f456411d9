//! Incremental builds (`render::build_incremental`, what `mailbook serve` runs on every
//! save) against clean full builds: after every kind of edit, the incrementally built tree
//! must equal a clean build of the same sources byte for byte, and a failing edit must give
//! the same diagnostics. Hard-link counts show which pages were reused, so the test also
//! fails if nothing is ever reused (and the comparison would prove nothing).

use super::support::{Project, tree};
use mailbook::diagnostic::Diagnostics;
use mailbook::render::{BuildCache, BuildOptions, build, build_incremental};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

/// A serve-like session: one cache, a fresh output folder per build.
struct Session {
    cache: BuildCache,
    builds: usize,
    out_parent: tempfile::TempDir,
    base_url: Option<String>,
}

impl Session {
    fn new() -> Session {
        Session {
            cache: BuildCache::default(),
            builds: 0,
            out_parent: tempfile::tempdir().unwrap(),
            base_url: None,
        }
    }

    fn options(&self, root: &Path, out: PathBuf) -> BuildOptions {
        BuildOptions {
            root: root.to_path_buf(),
            out,
            base_url: self.base_url.clone(),
            templates: None,
            verification: None,
            today: None,
        }
    }

    /// Build incrementally into a new folder and check it against a clean full build;
    /// returns the incremental output folder.
    fn build_and_compare(&mut self, project: &Project) -> PathBuf {
        self.builds += 1;
        let out = self
            .out_parent
            .path()
            .join(format!("build-{}", self.builds));
        let options = self.options(project.root(), out.clone());
        if let Err(e) = build_incremental(&options, &mut self.cache) {
            panic!("incremental build {} failed: {e:#}", self.builds);
        }
        let clean = tempfile::tempdir().unwrap();
        build(&self.options(project.root(), clean.path().join("site"))).unwrap();
        assert_same_tree(&out, &clean.path().join("site"), self.builds);
        out
    }

    /// An incremental build that must fail with exactly the diagnostics of a full build,
    /// leaving no output folder behind.
    fn fail_like_a_full_build(&mut self, project: &Project) {
        self.builds += 1;
        let out = self
            .out_parent
            .path()
            .join(format!("build-{}", self.builds));
        let options = self.options(project.root(), out.clone());
        let incremental = build_incremental(&options, &mut self.cache)
            .expect_err("the edit must break the incremental build");
        let clean = tempfile::tempdir().unwrap();
        let full = build(&self.options(project.root(), clean.path().join("site")))
            .expect_err("the edit must break a full build");
        let (incremental, full) = (diagnostics(incremental), diagnostics(full));
        assert_eq!(incremental.render_text(false), full.render_text(false));
        assert_eq!(
            serde_json::to_value(&incremental.0).unwrap(),
            serde_json::to_value(&full.0).unwrap()
        );
        assert!(!out.exists(), "a failed build left its output");
    }
}

fn diagnostics(error: anyhow::Error) -> Diagnostics {
    error
        .downcast::<Diagnostics>()
        .unwrap_or_else(|e| panic!("not a Diagnostics error: {e:#}"))
}

fn assert_same_tree(incremental: &Path, clean: &Path, build: usize) {
    let a = tree(incremental);
    let b = tree(clean);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "build {build}: the incremental build has other files than a clean build"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "build {build}: {} differs from a clean build",
            path.display()
        );
    }
}

/// Whether the page was reused (hard-linked from the previous build) rather than rendered.
fn reused(out: &Path, page: &str) -> bool {
    std::fs::metadata(out.join(page)).unwrap().nlink() > 1
}

#[test]
fn every_incremental_build_equals_a_clean_build() {
    let project = Project::fixture("basic");
    let mut session = Session::new();
    let first = session.build_and_compare(&project);
    assert!(!reused(&first, "gmail/index.html"), "nothing to reuse yet");

    // One recipe edited, including what its index card shows: only its page is rendered.
    project.edit("recipes/gmail.yaml", "name: Gmail", "name: Gmail (Google)");
    project.edit(
        "recipes/gmail.yaml",
        "summary: Send",
        "summary: Edited. Send",
    );
    let out = session.build_and_compare(&project);
    assert!(!reused(&out, "gmail/index.html"));
    // Outlook.com's page (broken) lists Gmail by name among the providers to use instead.
    assert!(
        !reused(&out, "outlook/index.html"),
        "the renamed alternative must be shown"
    );
    assert!(
        std::fs::read_to_string(out.join("outlook/index.html"))
            .unwrap()
            .contains("Gmail (Google)"),
        "Outlook.com's page shows the new name"
    );
    assert!(reused(&out, "aol/index.html"));
    assert!(
        !reused(&out, "index.html"),
        "site pages are always rendered"
    );

    // Saving without a change reuses every page.
    let text = std::fs::read_to_string(project.root().join("recipes/aol.yaml")).unwrap();
    project.write("recipes/aol.yaml", &text);
    let out = session.build_and_compare(&project);
    for page in ["gmail/index.html", "outlook/index.html", "aol/index.html"] {
        assert!(reused(&out, page), "{page}");
    }

    // A recipe added, then one removed: the index, sitemap and search index follow.
    let added = text
        .replace("id: aol", "id: aim")
        .replace("name: AOL Mail", "name: AIM Mail")
        .replace("[aol.com]", "[aim.com]");
    project.write("recipes/aim.yaml", &added);
    let out = session.build_and_compare(&project);
    assert!(reused(&out, "aol/index.html"));
    assert!(!reused(&out, "aim/index.html"));
    std::fs::remove_file(project.root().join("recipes/aim.yaml")).unwrap();
    session.build_and_compare(&project);

    // A broken edit fails exactly like a full build; fixing it reuses the last good build.
    project.edit("recipes/gmail.yaml", "[below](#form)", "[below](#frm)");
    session.fail_like_a_full_build(&project);
    project.edit("recipes/gmail.yaml", "[below](#frm)", "[below](#form)");
    let out = session.build_and_compare(&project);
    assert!(
        reused(&out, "gmail/index.html"),
        "same text as the last good build"
    );

    // A change to the site configuration renders every page again.
    project.edit(
        "mailbook.yaml",
        "title: Mail setup help",
        "title: Mail help",
    );
    let out = session.build_and_compare(&project);
    assert!(!reused(&out, "outlook/index.html"));

    // So does a template override, and its removal.
    project.write(
        "templates/partials/sources.html",
        "<section id=\"sources\"><p>Sources are listed in the recipe.</p></section>\n",
    );
    let out = session.build_and_compare(&project);
    assert!(!reused(&out, "outlook/index.html"));
    assert!(
        std::fs::read_to_string(out.join("outlook/index.html"))
            .unwrap()
            .contains("Sources are listed in the recipe.")
    );
    std::fs::remove_dir_all(project.root().join("templates")).unwrap();
    let out = session.build_and_compare(&project);
    assert!(!reused(&out, "outlook/index.html"));

    // An image of another size changes the page that shows it, and only that page.
    let png = project.root().join("recipes/images/gmail/app-password.png");
    let mut bytes = std::fs::read(&png).unwrap();
    bytes[16..20].copy_from_slice(&640u32.to_be_bytes()); // the IHDR width
    std::fs::write(&png, bytes).unwrap();
    let out = session.build_and_compare(&project);
    assert!(!reused(&out, "gmail/index.html"));
    assert!(reused(&out, "outlook/index.html"));
    assert!(
        std::fs::read_to_string(out.join("gmail/index.html"))
            .unwrap()
            .contains(r#"width="640""#)
    );

    // Another base URL renders every page again.
    session.base_url = Some("https://elsewhere.example/help/".into());
    let out = session.build_and_compare(&project);
    assert!(!reused(&out, "outlook/index.html"));
}

#[test]
fn a_page_whose_previous_file_is_gone_is_rendered_again() {
    let project = Project::fixture("basic");
    let mut session = Session::new();
    let first = session.build_and_compare(&project);
    // The previous build folder disappears (removed by hand, or a cleaner): nothing can be
    // linked from it, and the build must still be complete and equal to a clean one.
    std::fs::remove_dir_all(&first).unwrap();
    project.edit("recipes/gmail.yaml", "summary: Send", "summary: Now send");
    let out = session.build_and_compare(&project);
    assert!(!reused(&out, "outlook/index.html"));
}

#[test]
fn rebuilding_into_the_same_folder_keeps_it_complete() {
    // `build_incremental` into one folder again and again, as a long-running `build` would.
    let project = Project::fixture("basic");
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("site");
    let options = BuildOptions {
        root: project.root().to_path_buf(),
        out: out.clone(),
        base_url: None,
        templates: None,
        verification: None,
        today: None,
    };
    let mut cache = BuildCache::default();
    build_incremental(&options, &mut cache).unwrap();
    for round in 0..3 {
        project.edit(
            "recipes/aol.yaml",
            "summary: ",
            &format!("summary: Round {round}. "),
        );
        // A reused page is a link to the same file (the previous folder is gone by now, so
        // the link count is back to one).
        let inode = |page: &str| std::fs::metadata(out.join(page)).unwrap().ino();
        let (gmail, aol) = (inode("gmail/index.html"), inode("aol/index.html"));
        build_incremental(&options, &mut cache).unwrap();
        assert_eq!(inode("gmail/index.html"), gmail, "unchanged page reused");
        assert_ne!(inode("aol/index.html"), aol, "edited page rendered");
        let clean = tempfile::tempdir().unwrap();
        build(&BuildOptions {
            out: clean.path().join("site"),
            ..options.clone()
        })
        .unwrap();
        assert_same_tree(&out, &clean.path().join("site"), round);
    }
}
