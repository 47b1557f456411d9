//! Field paths ↔ source locations for one YAML file: the one locator.
//!
//! serde-saphyr reports where a problem is (line and column) but not which field it is in,
//! and the rules know the field (`steps[1].image.alt`) but not where it is. A [`PathMap`]
//! answers both, built from one walk over the parser's event stream; [`locate`] gives any
//! diagnostic (a rule's, a render step's, `check --external`'s) its line, column and source
//! line from its field path, plus the offset inside the value when it has one
//! ([`Diagnostic::within`]). Nothing searches the text for a location. A map is only built
//! for a file that has problems, so a clean `check` never pays for it.

use crate::diagnostic::Diagnostic;
use crate::recipe::SourceFile;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// How many events a map records at most. Files are refused above
/// [`crate::recipe::MAX_FILE_BYTES`], which bounds the events to about one per byte; the cap
/// only keeps a pathological stream from growing the map beyond that.
const MAX_EVENTS: usize = 2 * crate::recipe::MAX_FILE_BYTES as usize;

/// Whether an entry is where a mapping key is written or where a value starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// Where a mapping key is written.
    Key,
    /// Where a value starts.
    Value,
}

#[derive(Debug, Clone)]
struct Entry {
    path: String,
    kind: Kind,
    /// 1-based line.
    line: u64,
    /// 1-based column, in characters.
    column: u64,
    /// How a scalar is written (`None` for collections and aliases).
    style: Option<ScalarStyle>,
    /// The line the node ends on.
    end_line: u64,
    /// The YAML tag written on the node (`!!binary`), if any.
    tag: Option<String>,
}

/// The location of every key and value in a YAML document, by field path.
#[derive(Debug, Clone, Default)]
pub struct PathMap {
    /// In document order.
    entries: Vec<Entry>,
    /// (path, kind) → the first entry with them.
    index: HashMap<(String, Kind), usize>,
}

enum Frame {
    Seq { path: String, next: usize },
    Map { path: String, key: Option<String> },
}

/// `parent.key`, or `key` at the top; keys that are not plain words are quoted.
fn join_key(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if plain {
        key.to_string()
    } else {
        format!("{key:?}")
    };
    if parent.is_empty() {
        key
    } else {
        format!("{parent}.{key}")
    }
}

/// Where a node sits under the innermost open collection, and whether it is a mapping key.
fn place(stack: &mut [Frame], event: &Event<'_>) -> (String, Kind) {
    match stack.last_mut() {
        None => (String::new(), Kind::Value),
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            (p, Kind::Value)
        }
        Some(Frame::Map { path, key }) => match key.take() {
            None => {
                let name = match event {
                    Event::Scalar(v, ..) => v.to_string(),
                    _ => "?".to_string(),
                };
                let p = join_key(path, &name);
                *key = Some(name);
                (p, Kind::Key)
            }
            Some(name) => (join_key(path, &name), Kind::Value),
        },
    }
}

/// One step of [`walk`] over a document's events.
pub(crate) enum Step<'a, 'e> {
    /// A node starts: a scalar, an alias, a sequence or a mapping, with its field path,
    /// whether it is a mapping key, its 1-based line and column and the line it ends on.
    Node {
        path: &'a str,
        kind: Kind,
        event: &'a Event<'e>,
        at: (u64, u64),
        end_line: u64,
    },
    /// The innermost open sequence or mapping ends.
    End,
    /// A document starts (`---`, or the implicit start).
    Document,
}

/// The one walk over a YAML document's events that gives every node its field path and
/// place: [`PathMap`] and the structure pass ([`crate::recipe::structure`]) are both built
/// from it. `visit` may stop the walk; returns false when the YAML does not parse (the walk
/// stops quietly at the first syntax error: the loader reports it).
pub(crate) fn walk(
    text: &str,
    mut visit: impl FnMut(Step<'_, '_>) -> std::ops::ControlFlow<()>,
) -> bool {
    let mut stack: Vec<Frame> = Vec::new();
    for (count, item) in Parser::new_from_str(text).enumerate() {
        let Ok((event, span)) = item else {
            return false;
        };
        if count > MAX_EVENTS {
            break;
        }
        let step = match &event {
            Event::Scalar(..)
            | Event::Alias(..)
            | Event::SequenceStart(..)
            | Event::MappingStart(..) => {
                let (path, kind) = place(&mut stack, &event);
                let at = (span.start.line() as u64, span.start.col() as u64 + 1);
                let step = Step::Node {
                    path: &path,
                    kind,
                    event: &event,
                    at,
                    end_line: span.end.line() as u64,
                };
                let flow = visit(step);
                match event {
                    Event::SequenceStart(..) => stack.push(Frame::Seq { path, next: 0 }),
                    Event::MappingStart(..) => stack.push(Frame::Map { path, key: None }),
                    _ => {}
                }
                if flow.is_break() {
                    break;
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                Step::End
            }
            Event::DocumentStart(..) => Step::Document,
            _ => continue,
        };
        if visit(step).is_break() {
            break;
        }
    }
    true
}

impl PathMap {
    /// Map every node of `text` that parses; stops quietly at the first syntax error (the
    /// parse error itself is reported by the loader).
    pub fn new(text: &str) -> PathMap {
        let mut map = PathMap::default();
        walk(text, |step| {
            if let Step::Node {
                path,
                kind,
                event,
                at,
                end_line,
            } = step
            {
                let (style, tag) = match event {
                    Event::Scalar(_, style, _, tag) => {
                        (Some(*style), tag.as_ref().map(|t| t.original()))
                    }
                    Event::SequenceStart(_, _, tag) | Event::MappingStart(_, _, tag) => {
                        (None, tag.as_ref().map(|t| t.original()))
                    }
                    _ => (None, None),
                };
                map.index
                    .entry((path.to_string(), kind))
                    .or_insert(map.entries.len());
                map.entries.push(Entry {
                    path: path.to_string(),
                    kind,
                    line: at.0,
                    column: at.1,
                    style,
                    end_line,
                    tag,
                });
            }
            std::ops::ControlFlow::Continue(())
        });
        map
    }

    /// Where the value at `path` starts (`smtp[0].port` → the `587`).
    pub fn value(&self, path: &str) -> Option<(u64, u64)> {
        self.find(path, Kind::Value).map(|e| (e.line, e.column))
    }

    /// Where the key of `path` is written (`smtp[0].port` → the `port:`); for a sequence
    /// item, where the item starts.
    pub fn key(&self, path: &str) -> Option<(u64, u64)> {
        self.find(path, Kind::Key)
            .or_else(|| self.find(path, Kind::Value))
            .map(|e| (e.line, e.column))
    }

    /// The best location for a diagnostic about `path`: the value, else the key, else the
    /// nearest ancestor that exists (a missing field points at its parent).
    pub fn locate(&self, path: &str) -> Option<(u64, u64)> {
        let mut p = path;
        loop {
            if let Some(at) = self.value(p).or_else(|| self.key(p)) {
                return Some(at);
            }
            p = parent(p)?;
        }
    }

    /// Where the character `offset` of the scalar at `path` is written in `text` (the
    /// file's text the map was built from): plain and quoted values count from their first
    /// character; block (`|`, `>`) and multi-line values are followed line by line, each
    /// source line carrying its content plus one line break or folding space.
    pub fn locate_within(&self, path: &str, text: &str, offset: usize) -> Option<(u64, u64)> {
        let entry = self.find(path, Kind::Value)?;
        let style = entry.style?;
        let lines: Vec<&str> = text.lines().collect();
        let (mut line, mut first_col) = (entry.line as usize, entry.column as usize);
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                // When the span starts at the header (`|`, `>-`), the content starts below.
                let header = lines
                    .get(line.checked_sub(1)?)
                    .and_then(|l| l.chars().nth(first_col.saturating_sub(1)));
                if matches!(header, Some('|' | '>')) {
                    line += 1;
                }
                first_col = 0;
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => first_col += 1,
            ScalarStyle::Plain => {}
        }
        let folded = !matches!(style, ScalarStyle::Literal);
        let mut left = offset;
        loop {
            let source = lines.get(line.checked_sub(1)?)?;
            let start = if first_col > 0 {
                first_col - 1
            } else {
                source
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .count()
            };
            let content = source.chars().count().saturating_sub(start);
            if content == 0 && folded {
                // A blank line in a folded value replaces the folding space with a break.
            } else if left <= content {
                return Some((line as u64, (start + left) as u64 + 1));
            } else {
                left -= content + 1;
            }
            first_col = 0;
            line += 1;
        }
    }

    /// Every node written with a YAML tag: its path, tag, line and column.
    pub fn tagged(&self) -> impl Iterator<Item = (&str, &str, u64, u64)> {
        self.entries
            .iter()
            .filter_map(|e| Some((e.path.as_str(), e.tag.as_deref()?, e.line, e.column)))
    }

    /// Every value written in quotes: its path, line and column.
    pub fn quoted(&self) -> impl Iterator<Item = (&str, u64, u64)> {
        self.entries
            .iter()
            .filter(|e| e.kind == Kind::Value)
            .filter(|e| {
                matches!(
                    e.style,
                    Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                )
            })
            .map(|e| (e.path.as_str(), e.line, e.column))
    }

    /// Whether `line` holds the content of a block scalar (`|`, `>`), where a tab is text.
    pub fn in_block_scalar(&self, line: u64) -> bool {
        self.entries.iter().any(|e| {
            matches!(e.style, Some(ScalarStyle::Literal | ScalarStyle::Folded))
                && e.line < line
                && line <= e.end_line
        })
    }

    /// The field path of the node written exactly at `line`:`column`, else the last node
    /// that starts before it (the innermost one being read when the problem was found).
    pub fn path_at(&self, line: u64, column: u64) -> Option<&str> {
        let exact = self
            .entries
            .iter()
            .find(|e| e.line == line && e.column == column);
        exact
            .or_else(|| {
                self.entries
                    .iter()
                    .take_while(|e| (e.line, e.column) <= (line, column))
                    .last()
            })
            .map(|e| e.path.as_str())
    }

    /// The field path of the mapping key written at `line`:`column`, if there is one.
    pub fn key_at(&self, line: u64, column: u64) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.kind == Kind::Key && e.line == line && e.column == column)
            .map(|e| e.path.as_str())
    }

    fn find(&self, path: &str, kind: Kind) -> Option<&Entry> {
        self.index
            .get(&(path.to_string(), kind))
            .map(|&i| &self.entries[i])
    }
}

/// Give every diagnostic of `source` that has no line yet its line, column and source line,
/// from its field path (and [`Diagnostic::within`]); the map is built once, and only when
/// some diagnostic needs it.
pub fn locate(diagnostics: &mut [Diagnostic], source: &SourceFile) {
    let mut map = None;
    for d in diagnostics.iter_mut() {
        if d.line > 0 || d.file != source.path {
            continue;
        }
        let map = map.get_or_insert_with(|| PathMap::new(&source.text));
        let at = d
            .within
            .and_then(|offset| map.locate_within(&d.path, &source.text, offset))
            .or_else(|| map.locate(&d.path));
        if let Some((line, column)) = at {
            *d = d.clone().at(line, column).with_source(&source.text);
        }
    }
}

/// [`locate`] for diagnostics about any file of `project` (rendering's).
pub fn locate_project(diagnostics: &mut [Diagnostic], project: &crate::recipe::Project) {
    locate(diagnostics, &project.config_source);
    // `locate` reads a file's YAML only when one of its diagnostics still needs a place.
    for loaded in &project.recipes {
        locate(diagnostics, &loaded.source);
    }
}

/// `steps[1].image` → `steps[1]` → `steps` → `` → None.
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "id: gmail\nsmtp:\n  - host: a\n    port: 587\n  - host: b\nsteps:\n  - image: {src: x.png, alt: \"\"}\n";

    #[test]
    fn values_and_keys_have_paths() {
        let map = PathMap::new(DOC);
        assert_eq!(map.value("id"), Some((1, 5)));
        assert_eq!(map.key("id"), Some((1, 1)));
        assert_eq!(map.value("smtp[0].port"), Some((4, 11)));
        assert_eq!(map.key("smtp[1].host"), Some((5, 5)));
        assert_eq!(map.value("steps[0].image.alt"), Some((7, 30)));
        assert_eq!(map.path_at(4, 11), Some("smtp[0].port"));
        assert_eq!(map.key_at(4, 5), Some("smtp[0].port"));
    }

    #[test]
    fn missing_fields_fall_back_to_the_parent() {
        let map = PathMap::new(DOC);
        assert_eq!(map.locate("smtp[1].port"), map.value("smtp[1]"));
        assert_eq!(parent("steps[1].image.alt"), Some("steps[1].image"));
        assert_eq!(parent("steps[1]"), Some("steps"));
        assert_eq!(parent("steps"), Some(""));
        assert_eq!(parent(""), None);
    }

    #[test]
    fn offsets_inside_values_follow_the_source() {
        let doc = "a: plain text here\nb: \"quoted [x](#y)\"\nc: |\n  line one\n  see [x](#z)\nd: >\n  folded one\n  two [x](#w)\n";
        let map = PathMap::new(doc);
        assert_eq!(map.locate_within("a", doc, 6), Some((1, 10)));
        assert_eq!(map.locate_within("b", doc, 11), Some((2, 16)));
        assert_eq!(map.locate_within("c", doc, 17), Some((5, 11)));
        assert_eq!(map.locate_within("d", doc, 15), Some((8, 7)));
    }

    #[test]
    fn locations_hold_past_many_events() {
        let mut doc = String::from("items:\n");
        for i in 0..120_000 {
            doc.push_str(&format!("  - {i}\n"));
        }
        doc.push_str("last: here\n");
        let map = PathMap::new(&doc);
        assert_eq!(map.value("last"), Some((120_002, 7)));
    }

    #[test]
    fn stops_at_syntax_errors_and_deep_nesting() {
        let map = PathMap::new("a: 1\nb: [\n");
        assert_eq!(map.value("a"), Some((1, 4)));
        let deep = "[".repeat(10_000);
        let map = PathMap::new(&deep);
        assert!(map.entries.len() <= 10_000);
    }
}
