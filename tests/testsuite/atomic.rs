//! A build killed with SIGKILL midway leaves the previous site exactly as it was, and the
//! next build cleans up after it.

use super::support::{mailbook, synthetic_project, tree};
use std::time::{Duration, Instant};

#[cfg(unix)]
#[test]
fn sigkill_midway_leaves_the_previous_site_untouched() {
    let project = synthetic_project(1500);
    project.build(&[]).success();
    let site = project.root().join("site");
    let before = tree(&site);
    assert!(before.len() > 1500);

    // Change every page (the site title is in every header), then kill the build while it
    // is writing the staging folder.
    project.edit(
        "mailbook.yaml",
        "title: Mail setup help",
        "title: Changed title",
    );
    let mut child = mailbook()
        .current_dir(project.root())
        .arg("build")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let prefix = format!(".site.mailbook-new-{}-", child.id());
    let find_staging = || {
        std::fs::read_dir(project.root())
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .map(|e| e.path())
    };
    let mut staging = None;
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut killed_midway = false;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if staging.is_none() {
            staging = find_staging();
        }
        let written = staging
            .as_ref()
            .and_then(|s| std::fs::read_dir(s).ok())
            .map_or(0, |d| d.count());
        if written > 200 {
            child.kill().unwrap(); // SIGKILL
            killed_midway = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.wait().unwrap();
    assert!(
        killed_midway,
        "the build finished before it could be killed; raise the recipe count"
    );
    let staging = staging.expect("the build created a staging folder");
    assert!(
        staging.is_dir(),
        "the killed build's staging folder should still be there"
    );

    let after = tree(&site);
    assert_eq!(after.len(), before.len());
    for (path, bytes) in &before {
        assert!(after.get(path) == Some(bytes), "{} changed", path.display());
    }

    // The next build succeeds, replaces the site and removes the dead build's staging folder.
    project.build(&[]).success();
    assert!(!staging.exists(), "stale staging folder not removed");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("Changed title"));
}
