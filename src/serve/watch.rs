//! Watching the project for changes that need a rebuild: `mailbook.yaml`, everything under
//! `recipes/` (recipes and their images) and `templates/`.
//!
//! notify-debouncer-full folds an editor's save burst (write a temporary file, rename it over
//! the recipe, touch it) into one batch per path; [`is_relevant`] then drops what cannot
//! change the site (the preview's own output, `target/`, `site/`, editor swap and backup
//! files, and reads: building opens every recipe, which inotify reports too).

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc::UnboundedSender;

/// Folders watched recursively, relative to the project root, when they exist.
const WATCHED_DIRS: [&str; 3] = ["recipes", "templates", "translations"];
/// The site configuration, relative to the project root.
const CONFIG: &str = "mailbook.yaml";

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// The recursively watched folders, to notice one created or replaced later.
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watch `root` (not recursively: it holds `target/` and `site/`) and its `recipes/` and
    /// `templates/` folders; send each debounced batch of relevant paths to `changes`.
    /// Paths under `ignore` (the preview's private output) never count.
    pub fn start(
        root: &Path,
        ignore: &Path,
        changes: UnboundedSender<Vec<PathBuf>>,
    ) -> anyhow::Result<Watcher> {
        use anyhow::Context as _;
        let filter_root = root.to_path_buf();
        let ignore = ignore.to_path_buf();
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|event| is_change(&event.kind))
                    .flat_map(|event| event.paths.iter())
                    .filter(|path| is_relevant(&filter_root, &ignore, path))
                    .cloned()
                    .collect();
                if !paths.is_empty() {
                    let _ = changes.send(paths);
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching files: {error}");
                }
            }
        };
        let debouncer = new_debouncer(super::DEBOUNCE, None, handler)
            .context("cannot start watching the project for changes")?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        watcher.refresh(&[]);
        Ok(watcher)
    }

    /// Start watching `recipes/` or `templates/` if it appeared since the last call, and
    /// watch it afresh if it is among `changed` (deleted and recreated, or renamed).
    pub fn refresh(&mut self, changed: &[PathBuf]) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if self.watched.contains(&dir) {
                if !changed.contains(&dir) {
                    continue;
                }
                // Unwatching a folder that is gone may fail, which is fine.
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
            if dir.is_dir() {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                }
            }
        }
    }
}

/// Whether an event kind can change a file's content or existence. Reads are left out: the
/// build itself opens every recipe, and reacting to that would rebuild forever.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        // Permission and timestamp changes alone do not change the site.
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Any
        | EventKind::Other => true,
    }
}

/// Whether a changed path can change the site: `mailbook.yaml`, or anything under `recipes/`
/// or `templates/` (including those folders themselves) that is not an editor's temporary
/// file, and never anything under `ignore`, `target/` or `site/`.
pub fn is_relevant(root: &Path, ignore: &Path, path: &Path) -> bool {
    if path.starts_with(ignore) {
        return false;
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str();
    if first == CONFIG {
        return components.next().is_none();
    }
    if !WATCHED_DIRS.iter().any(|dir| first == *dir) {
        return false;
    }
    !relative
        .components()
        .any(|c| is_editor_scratch(&c.as_os_str().to_string_lossy()))
}

/// Names editors use for swap, backup and atomic-save temporary files (vim, emacs, JetBrains,
/// VS Code, gedit, …) and hidden files in general.
fn is_editor_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".crswap"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{CreateKind, DataChange, MetadataKind, RenameMode};

    fn relevant(path: &str) -> bool {
        is_relevant(
            Path::new("/p"),
            Path::new("/tmp/mailbook-serve-x"),
            Path::new(path),
        )
    }

    #[test]
    fn project_files_are_relevant() {
        assert!(relevant("/p/mailbook.yaml"));
        assert!(relevant("/p/recipes/gmail.yaml"));
        assert!(relevant("/p/translations/ru/recipes/gmail.yaml"));
        assert!(relevant("/p/recipes/images/gmail/app-password.png"));
        assert!(relevant("/p/templates/page.html"));
        assert!(relevant("/p/templates/static/style.css"));
        assert!(
            relevant("/p/recipes"),
            "the folder itself (created or removed)"
        );
    }

    #[test]
    fn output_build_folders_and_scratch_files_are_not() {
        assert!(!relevant("/p/target/debug/mailbook"));
        assert!(!relevant("/p/site/index.html"));
        assert!(!relevant("/p/Cargo.toml"));
        assert!(!relevant("/p/mailbook.yaml.swp"));
        assert!(!relevant("/p/mailbook.yaml/x"));
        assert!(!relevant("/p"));
        assert!(!relevant("/elsewhere/recipes/gmail.yaml"));
        assert!(!relevant("/tmp/mailbook-serve-x/build-3/index.html"));
        for scratch in [
            "/p/recipes/.gmail.yaml.swp",
            "/p/recipes/gmail.yaml~",
            "/p/recipes/4913",
            "/p/recipes/#gmail.yaml#",
            "/p/recipes/.#gmail.yaml",
            "/p/recipes/gmail.yaml.tmp",
            "/p/templates/.git/index",
        ] {
            assert!(!relevant(scratch), "{scratch}");
        }
    }

    #[test]
    fn the_private_output_is_ignored_even_inside_the_project() {
        let root = Path::new("/p");
        let ignore = Path::new("/p/recipes/out");
        assert!(!is_relevant(
            root,
            ignore,
            Path::new("/p/recipes/out/x.html")
        ));
        assert!(is_relevant(
            root,
            ignore,
            Path::new("/p/recipes/gmail.yaml")
        ));
    }

    #[test]
    fn reads_and_metadata_do_not_trigger_a_build() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Any
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Name(
            RenameMode::Both
        ))));
    }
}
