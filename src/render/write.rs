//! Atomic output. The site is written into a sibling staging folder (`.site.mailbook-new-PID`)
//! and swapped in only when the whole build succeeded, so a failed build — or one killed with
//! SIGKILL — leaves the previous output exactly as it was.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: there is no instant at which the
//! output folder is missing. Elsewhere (or on file systems without it) it is two renames.
//! Leftover staging folders of dead builds are removed by the next build.

use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

/// A file inside every built site, so a build never replaces a folder it did not create.
pub const MARKER: &str = ".mailbook-site";
const MARKER_TEXT: &str = "Built by mailbook. This folder is replaced on every build.\n";
const NEW_TAG: &str = ".mailbook-new-";
const OLD_TAG: &str = ".mailbook-old-";
static STAGING_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A staging folder next to the output; removed on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Create the staging folder for `out`, after checking that `out` (if it exists) is a
    /// folder mailbook may replace.
    pub fn new(out: &Path) -> anyhow::Result<Staging> {
        let name = out
            .file_name()
            .with_context(|| format!("output folder `{}` has no name", out.display()))?
            .to_string_lossy()
            .into_owned();
        let parent = parent_of(out);
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("creating `{}`", parent.display()))?;
        if out.exists() {
            if !out.is_dir() {
                bail!("output `{}` exists and is not a folder", out.display());
            }
            let empty = std::fs::read_dir(out)
                .with_context(|| format!("reading `{}`", out.display()))?
                .next()
                .is_none();
            if !empty && !out.join(MARKER).is_file() {
                bail!(
                    "output folder `{}` was not built by mailbook (no `{MARKER}` in it); refusing to replace it — remove it or choose another --out",
                    out.display()
                );
            }
        }
        remove_stale(&parent, &name);
        // PID and a per-process counter: concurrent builds (e.g. `serve` rebuilding while a
        // build runs) never share a staging folder.
        let n = STAGING_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = parent.join(format!(".{name}{NEW_TAG}{}-{n}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("removing `{}`", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("creating `{}`", dir.display()))?;
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            committed: false,
        };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Write a file at a `/`-separated path below the site root, creating folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating `{}`", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing `{}`", path.display()))
    }

    /// Copy a file into the site.
    pub fn copy(&self, from: &Path, rel: &str) -> anyhow::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating `{}`", parent.display()))?;
        }
        std::fs::copy(from, &path)
            .map(|_| ())
            .with_context(|| format!("copying `{}`", from.display()))
    }

    /// Hard-link an unchanged file of an earlier build into the site (no bytes are copied).
    /// Fails, leaving nothing behind at `rel`, when `from` is missing or on another file
    /// system; the caller then writes the file instead.
    pub fn link(&self, from: &Path, rel: &str) -> anyhow::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating `{}`", parent.display()))?;
        }
        std::fs::hard_link(from, &path)
            .with_context(|| format!("linking `{}` to `{}`", from.display(), path.display()))
    }

    /// Swap the staging folder in place of the output and remove the previous output.
    pub fn commit(mut self) -> anyhow::Result<()> {
        if self.out.exists() {
            if !exchange(&self.dir, &self.out)? {
                // No atomic exchange here: move the old folder aside, then the new one in.
                let aside = aside_name(&self.out);
                std::fs::rename(&self.out, &aside)
                    .with_context(|| format!("moving `{}` aside", self.out.display()))?;
                if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                    let _ = std::fs::rename(&aside, &self.out);
                    return Err(e).with_context(|| format!("replacing `{}`", self.out.display()));
                }
                self.dir = aside;
            }
            // `self.dir` now holds the previous site.
            std::fs::remove_dir_all(&self.dir)
                .with_context(|| format!("removing the previous site `{}`", self.dir.display()))?;
        } else {
            std::fs::rename(&self.dir, &self.out)
                .with_context(|| format!("moving the site into `{}`", self.out.display()))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn aside_name(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let n = STAGING_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    parent_of(out).join(format!(".{name}{OLD_TAG}{}-{n}", std::process::id()))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> anyhow::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Not supported by this kernel or file system: fall back to two renames.
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
        Err(e) => Err(std::io::Error::from(e))
            .with_context(|| format!("swapping `{}` into `{}`", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// Remove staging and aside folders left by builds that died (their process is gone).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let new_prefix = format!(".{name}{NEW_TAG}");
    let old_prefix = format!(".{name}{OLD_TAG}");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = file_name
            .strip_prefix(&new_prefix)
            .or_else(|| file_name.strip_prefix(&old_prefix))
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without a cheap liveness check, never delete another build's folder.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::new(&out).unwrap();
        s.write("b.txt", b"three").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"three");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the site remains");
    }

    #[test]
    fn concurrent_builds_in_one_process_do_not_share_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let a = Staging::new(&out).unwrap();
        let b = Staging::new(&out).unwrap();
        assert_ne!(a.path(), b.path());
        a.write("x.txt", b"a").unwrap();
        b.write("x.txt", b"b").unwrap();
        a.commit().unwrap();
        b.commit().unwrap();
        assert_eq!(std::fs::read(out.join("x.txt")).unwrap(), b"b");
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "x").unwrap();
        let err = Staging::new(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not built by mailbook"), "{err}");
    }

    #[test]
    fn stale_staging_of_a_dead_process_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        // PID 4194305 is above Linux's maximum, so it is never alive.
        let stale = dir.path().join(format!(".site{NEW_TAG}4194305-0"));
        std::fs::create_dir(&stale).unwrap();
        let s = Staging::new(&dir.path().join("site")).unwrap();
        if cfg!(target_os = "linux") {
            assert!(!stale.exists());
        }
        drop(s);
    }
}
