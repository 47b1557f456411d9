//! `drift --suggest`: the recipe with each proposed value swapped in, as a unified diff for
//! a writer to review. Nothing is written; only the value of a located field changes, so
//! comments and layout stay as they are.

use super::compare::Finding;
use crate::recipe::LoadedRecipe;
use crate::recipe::locate::PathMap;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The unified diff for one recipe; empty when no finding proposes a value.
pub fn diff(loaded: &LoadedRecipe, findings: &[Finding]) -> String {
    let map = PathMap::new(&loaded.source.text);
    let old: Vec<&str> = loaded.source.text.lines().collect();
    let mut new: Vec<String> = old.iter().map(|l| l.to_string()).collect();
    for (path, value) in proposals(findings) {
        let Some((line, column)) = map.value(path) else {
            continue;
        };
        let Some(text) = new.get_mut(line as usize - 1) else {
            continue;
        };
        let start = text
            .char_indices()
            .nth(column as usize - 1)
            .map_or(text.len(), |(i, _)| i);
        let end = start + scalar_len(&text[start..]);
        text.replace_range(start..end, value);
    }
    let changed: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    if changed.is_empty() {
        return String::new();
    }
    let file = loaded.source.path.display();
    let mut out = format!("--- a/{file}\n+++ b/{file}\n");
    for hunk in hunks(&changed, old.len()) {
        let (from, to) = hunk;
        let count = to - from;
        out.push_str(&format!(
            "@@ -{},{count} +{},{count} @@\n",
            from + 1,
            from + 1
        ));
        let mut i = from;
        while i < to {
            if old[i] == new[i] {
                out.push_str(&format!(" {}\n", old[i]));
                i += 1;
                continue;
            }
            // A run of changed lines: every old line, then every new one.
            let end = (i..to).find(|&j| old[j] == new[j]).unwrap_or(to);
            for line in &old[i..end] {
                out.push_str(&format!("-{line}\n"));
            }
            for line in &new[i..end] {
                out.push_str(&format!("+{line}\n"));
            }
            i = end;
        }
    }
    out
}

/// One new value per field; a field for which the sources propose different values gets
/// none (the writer has to decide).
fn proposals(findings: &[Finding]) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    let mut disputed: Vec<&str> = Vec::new();
    for f in findings.iter().filter(|f| !f.unreadable) {
        let Some(value) = &f.replacement else {
            continue;
        };
        match out.iter().find(|(p, _)| *p == f.path) {
            Some((_, v)) if v != value => disputed.push(&f.path),
            Some(_) => {}
            None => out.push((&f.path, value)),
        }
    }
    out.retain(|(p, _)| !disputed.contains(p));
    out
}

/// Line ranges `[from, to)` covering the changed lines with context, merged when they touch.
fn hunks(changed: &[usize], total: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in changed {
        let from = i.saturating_sub(CONTEXT);
        let to = (i + CONTEXT + 1).min(total);
        match out.last_mut() {
            Some(last) if from <= last.1 => last.1 = to,
            _ => out.push((from, to)),
        }
    }
    out
}

/// The length in bytes of the YAML scalar or flow sequence starting `text`.
fn scalar_len(text: &str) -> usize {
    let close = match text.chars().next() {
        Some('"') => Some('"'),
        Some('\'') => Some('\''),
        Some('[') => Some(']'),
        _ => None,
    };
    if let Some(close) = close {
        return text[1..].find(close).map_or(text.len(), |i| i + 2);
    }
    let end = text.find(" #").unwrap_or(text.len());
    text[..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert_eq!(scalar_len("465 # SSL"), 3);
        assert_eq!(scalar_len("\"{email}\" # x"), 9);
        assert_eq!(scalar_len("[plain, login]"), 14);
        assert_eq!(hunks(&[3, 5, 20], 30), vec![(0, 9), (17, 24)]);
    }
}
