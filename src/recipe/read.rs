//! Reading a project's files safely: editor lock files and backups are skipped, a link out
//! of the project is refused before it is read, every file is size-checked from its metadata
//! and read with a bound, and must be UTF-8 (a bad byte is reported with its line).

use crate::diagnostic::Diagnostic;
use crate::recipe::load::{CONFIG_FILE, MAX_FILE_BYTES, SourceFile};
use std::io::Read;
use std::path::Path;

/// Editor lock files (`.#gmail.yaml`, often a dangling symlink), hidden files and backups are
/// not recipes: they are left alone instead of failing the run.
pub(crate) fn is_hidden_or_backup(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// A recipe that is a link to a file outside the project is refused before it is read (its
/// content is never printed).
fn outside_the_project(root: &Path, full: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(full).is_ok_and(|m| m.file_type().is_symlink());
    is_link
        && match (full.canonicalize(), root.canonicalize()) {
            (Ok(real), Ok(base)) => !real.starts_with(base),
            _ => false,
        }
}

/// The text of `root/path`, or the one diagnostic that says why it cannot be read.
pub(crate) fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
    let full = root.join(path);
    if outside_the_project(root, &full) {
        return Err(
            Diagnostic::error(path, "the file is a link to a file outside the project")
                .code("outside-project")
                .help("copy the recipe into the recipes folder instead of linking to it")
                .into(),
        );
    }
    let bytes = read_bounded(&full, path)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            path: path.to_path_buf(),
            text,
        }),
        Err(e) => Err(not_utf8(path, &e).into()),
    }
}

/// A diagnostic saying the file cannot be read.
fn unreadable(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot read file: {e}")).code("unreadable")
}

/// A diagnostic saying the file is over [`MAX_FILE_BYTES`].
fn too_big(path: &Path, size: u64) -> Diagnostic {
    Diagnostic::error(
        path,
        format!(
            "the file is too large ({size} bytes); mailbook reads files of at most {MAX_FILE_BYTES} bytes (1 MiB)"
        ),
    )
    .code("too-large")
    .help("a recipe is a few kilobytes of YAML; check that this is the right file")
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`], checked from its metadata
/// before it is read and bounded while reading.
fn read_bounded(full: &Path, path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let meta = std::fs::metadata(full).map_err(|e| {
        let d = unreadable(path, &e);
        if e.kind() == std::io::ErrorKind::NotFound && path == Path::new(CONFIG_FILE) {
            d.help("run mailbook in the project folder (the one holding mailbook.yaml), or pass --root DIR")
        } else {
            d
        }
    })?;
    if !meta.is_file() {
        // A FIFO or device would block or never end; only regular files are read.
        return Err(Diagnostic::error(path, "not a regular file")
            .code("unreadable")
            .into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, meta.len()).into());
    }
    let file = std::fs::File::open(full).map_err(|e| unreadable(path, &e))?;
    // Bounded even if the file grows between the metadata call and the read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(path, bytes.len() as u64).into());
    }
    Ok(bytes)
}

/// The first byte that is not UTF-8, with its line and column.
fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = e.as_bytes();
    let at = e.utf8_error().valid_up_to();
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count() as u64
        + 1;
    let lossy = String::from_utf8_lossy(bytes);
    Diagnostic::error(
        path,
        format!("the file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
    )
    .code("not-utf8")
    .at(line, column)
    .with_source(&lossy)
    .help("save the file as UTF-8 (most editors have an \"encoding\" setting)")
}
