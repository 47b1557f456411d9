//! Field paths ↔ source locations for one YAML file.
//!
//! serde-saphyr reports where a problem is (line and column) but not which field it is in,
//! and the rules in `validate` know the field (`steps[1].image.alt`) but not where it is. A
//! [`PathMap`] answers both, built from the parser's event stream. It is only built for a
//! file that has problems, so a clean `check` never pays for it.

use serde_saphyr::granit_parser::{Event, Parser};

/// How many events a map records at most; recipes are far smaller, and a hostile file
/// must not make the map itself expensive.
const MAX_EVENTS: usize = 200_000;

/// Whether an entry is where a mapping key is written or where a value starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Key,
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
}

/// The location of every key and value in a YAML document, by field path.
#[derive(Debug, Clone, Default)]
pub struct PathMap {
    /// In document order.
    entries: Vec<Entry>,
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

impl PathMap {
    /// Map every node of `text` that parses; stops quietly at the first syntax error (the
    /// parse error itself is reported by the loader).
    pub fn new(text: &str) -> PathMap {
        let mut entries = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        for (count, item) in Parser::new_from_str(text).enumerate() {
            let Ok((event, span)) = item else { break };
            if count > MAX_EVENTS {
                break;
            }
            let line = span.start.line() as u64;
            let column = span.start.col() as u64 + 1;
            let is_node = matches!(
                event,
                Event::Scalar(..)
                    | Event::SequenceStart(..)
                    | Event::MappingStart(..)
                    | Event::Alias(..)
            );
            if is_node {
                // Where this node sits, and whether it is a mapping key.
                let (path, kind) = match stack.last_mut() {
                    None => (String::new(), Kind::Value),
                    Some(Frame::Seq { path, next }) => {
                        let p = format!("{path}[{next}]");
                        *next += 1;
                        (p, Kind::Value)
                    }
                    Some(Frame::Map { path, key }) => match key.take() {
                        None => {
                            let name = match &event {
                                Event::Scalar(v, ..) => v.to_string(),
                                _ => "?".to_string(),
                            };
                            let p = join_key(path, &name);
                            *key = Some(name);
                            (p, Kind::Key)
                        }
                        Some(name) => (join_key(path, &name), Kind::Value),
                    },
                };
                entries.push(Entry {
                    path: path.clone(),
                    kind,
                    line,
                    column,
                });
                match event {
                    Event::SequenceStart(..) => stack.push(Frame::Seq { path, next: 0 }),
                    Event::MappingStart(..) => stack.push(Frame::Map { path, key: None }),
                    _ => {}
                }
            } else if matches!(event, Event::SequenceEnd | Event::MappingEnd) {
                stack.pop();
            }
        }
        PathMap { entries }
    }

    /// Where the value at `path` starts (`smtp[0].port` → the `587`).
    pub fn value(&self, path: &str) -> Option<(u64, u64)> {
        self.find(path, Kind::Value)
    }

    /// Where the key of `path` is written (`smtp[0].port` → the `port:`); for a sequence
    /// item, where the item starts.
    pub fn key(&self, path: &str) -> Option<(u64, u64)> {
        self.find(path, Kind::Key)
            .or_else(|| self.find(path, Kind::Value))
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

    fn find(&self, path: &str, kind: Kind) -> Option<(u64, u64)> {
        self.entries
            .iter()
            .find(|e| e.kind == kind && e.path == path)
            .map(|e| (e.line, e.column))
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
    fn stops_at_syntax_errors_and_deep_nesting() {
        let map = PathMap::new("a: 1\nb: [\n");
        assert_eq!(map.value("a"), Some((1, 4)));
        let deep = "[".repeat(10_000);
        let map = PathMap::new(&deep);
        assert!(map.entries.len() <= 10_000);
    }
}
