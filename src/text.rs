//! Small text rules that recipe checks, the renderer and terminal output must agree on,
//! kept in one place so `check`, `build` and `verify` cannot drift apart: when colour may be
//! used, which part of a link is its scheme, and how control characters are neutralised.

use std::borrow::Cow;

/// Whether to colour (or otherwise style, e.g. redraw a progress line on) a stream: only on a
/// terminal that can show it (not `TERM=dumb`), never with `NO_COLOR` set to a non-empty
/// value (<https://no-color.org>).
pub fn use_color(stream_is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    stream_is_terminal && !no_color && !dumb
}

/// The scheme of a link as a browser reads it, lowercased (`https`, `mailto`,
/// `javascript`), or `None` for a relative link (`#step`, `../a:b`, `//host/x`).
///
/// Browsers drop tabs and line breaks anywhere in a URL and control characters and spaces
/// around it, so `java&#9;script:` is `javascript:` to them; the same is done here first.
/// Whatever stands before the first colon counts, even when it is not a valid scheme name,
/// so that an allow-list of schemes refuses it rather than treating it as a relative link.
pub fn link_scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    // A colon after a `/`, `?` or `#` is not a scheme (`../a:b`, `#x:y`).
    if cleaned.find(['/', '?', '#']).is_some_and(|sep| sep < colon) {
        return None;
    }
    Some(cleaned[..colon].to_ascii_lowercase())
}

/// Replace every control character except those in `keep` with `with`, so text from a
/// recipe or a server cannot move the cursor, recolour the terminal, break a table line or
/// end an SMTP line early. Borrows when there is nothing to replace.
pub fn replace_controls<'a>(s: &'a str, keep: &[char], with: char) -> Cow<'a, str> {
    let bad = |c: char| c.is_control() && !keep.contains(&c);
    if s.chars().any(bad) {
        Cow::Owned(s.chars().map(|c| if bad(c) { with } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// The candidate closest to `wanted` (Jaro-Winkler similarity of at least 0.8, ignoring
/// case), for "did you mean" hints on names a user typed or a page links to: an anchor, a
/// page, a recipe id on the command line. Ties go to the alphabetically first.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = if c.to_lowercase() == lower {
            1.0
        } else {
            strsim::jaro_winkler(&lower, &c.to_lowercase())
        };
        if score >= 0.8 && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Write machine output to stdout. A closed pipe (`mailbook schema recipe | head`) comes back
/// as an error that `main` ends on quietly, where `print!` would panic.
pub fn print_out(text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Whether `error` comes from writing to a closed pipe (the reader went away: not a failure).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_a_browser_reads_them() {
        assert_eq!(link_scheme("https://a.example/x").as_deref(), Some("https"));
        assert_eq!(link_scheme("MAILTO:a@b.example").as_deref(), Some("mailto"));
        assert_eq!(link_scheme("java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(link_scheme(" javascript:x").as_deref(), Some("javascript"));
        assert_eq!(link_scheme("foo bar:x").as_deref(), Some("foo bar"));
        for relative in ["#step", "../a:b", "a/b", "?q=a:b", "//host/x", "", "#x:y"] {
            assert_eq!(link_scheme(relative), None, "{relative}");
        }
    }

    #[test]
    fn controls_are_replaced_except_kept_ones() {
        assert_eq!(
            replace_controls("a\x1b[31mb\r\n\tc", &[], '?'),
            "a?[31mb???c"
        );
        assert_eq!(
            replace_controls("a\x1bb\n\tc", &['\n', '\t'], '\u{FFFD}'),
            "a\u{FFFD}b\n\tc"
        );
        assert!(matches!(
            replace_controls("plain", &[], '?'),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn closest_names_a_near_miss_only() {
        let ids = ["gmail", "outlook", "yahoo"];
        assert_eq!(closest("gmial", ids), Some("gmail"));
        assert_eq!(closest("Outlook", ids), Some("outlook"));
        assert_eq!(closest("fastmail", ids), None);
        assert_eq!(
            closest("source-list", ["sources", "steps"]),
            Some("sources")
        );
    }

    #[test]
    fn colour_needs_a_terminal() {
        assert!(!use_color(false));
    }
}
