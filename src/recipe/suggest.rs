//! "Did you mean": the closest known word to a mistyped one, bounded so that a hostile
//! value costs no more than a short one.

/// Words longer than this get no "did you mean" suggestion.
const MAX_SUGGESTED_LEN: usize = 64;
/// At most this many candidates are measured for one suggestion.
const MAX_CANDIDATES: usize = 500;

/// The closest candidate to `word`, if it is close enough to be a likely typo. Bounded: no
/// suggestion for words over [`MAX_SUGGESTED_LEN`] characters, candidates whose length is
/// beyond the cut-off distance are not measured, and at most [`MAX_CANDIDATES`] are.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    if !(3..=MAX_SUGGESTED_LEN).contains(&len) {
        // `d` is one edit from `id`, which says nothing; and the edit distance costs the
        // product of the lengths, so a hostile 100 KB id gets no suggestion rather than a
        // slow one.
        return None;
    }
    let limit = (len / 3).max(1);
    // Case does not count as a typo: `xoauth` suggests `XOAUTH`.
    let word = word.to_lowercase();
    candidates
        .iter()
        // Lengths further apart than the limit cannot be within it: skip them unmeasured.
        .filter(|c| c.len() <= 4 * MAX_SUGGESTED_LEN && c.chars().count().abs_diff(len) <= limit)
        .take(MAX_CANDIDATES)
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_words_only() {
        let fields = ["host", "port", "security", "auth"];
        assert_eq!(did_you_mean("securty", &fields), Some("security"));
        assert_eq!(did_you_mean("prot", &fields), Some("port"));
        assert_eq!(did_you_mean("colour", &fields), None);
    }
}
