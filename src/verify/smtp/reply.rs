//! SMTP replies: the three-digit code, the RFC 3463 enhanced status code, and the text as
//! people quote it.

/// What stands in for the text of a reply to AUTH, which is never recorded: servers echo
/// what they were sent, credentials included, cut short or re-chunked across lines.
pub const WITHHELD: &str = "(reply text withheld: replies to AUTH can echo credentials)";

/// A complete SMTP reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Three-digit code.
    pub code: u16,
    /// The text of each line, after the code and separator.
    pub lines: Vec<String>,
}

impl Reply {
    /// The RFC 3463 enhanced status code at the start of the first line, if any.
    pub fn enhanced(&self) -> Option<String> {
        let first = self.lines.first()?;
        let word = first.split_whitespace().next()?;
        let parts: Vec<&str> = word.split('.').collect();
        let ok = parts.len() == 3
            && matches!(parts[0], "2" | "4" | "5")
            && parts[1..]
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
        ok.then(|| word.to_string())
    }

    /// The text of all lines joined with a space, without repeated enhanced codes.
    pub fn text(&self) -> String {
        let enhanced = self.enhanced();
        self.lines
            .iter()
            .map(|l| match &enhanced {
                Some(e) => l.strip_prefix(e.as_str()).map(str::trim_start).unwrap_or(l),
                None => l,
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `code enhanced text` on one line, as people quote SMTP errors.
    pub fn one_line(&self) -> String {
        match self.enhanced() {
            Some(e) => format!("{} {e} {}", self.code, self.text()),
            None => format!("{} {}", self.code, self.text()),
        }
    }

    /// `code enhanced` and [`WITHHELD`] instead of the text: how a reply to AUTH is quoted.
    pub fn withheld_line(&self) -> String {
        match self.enhanced() {
            Some(e) => format!("{} {e} {WITHHELD}", self.code),
            None => format!("{} {WITHHELD}", self.code),
        }
    }

    /// 2xx.
    pub fn positive(&self) -> bool {
        (200..300).contains(&self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(code: u16, lines: &[&str]) -> Reply {
        Reply {
            code,
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn enhanced_codes_and_text() {
        let r = reply(
            535,
            &[
                "5.7.8 Username and Password not accepted. For more information, go to",
                "5.7.8  https://support.google.com/mail/?p=BadCredentials x",
            ],
        );
        assert_eq!(r.enhanced().as_deref(), Some("5.7.8"));
        assert_eq!(
            r.one_line(),
            "535 5.7.8 Username and Password not accepted. For more information, go to \
             https://support.google.com/mail/?p=BadCredentials x"
        );
        assert_eq!(reply(250, &["OK queued"]).enhanced(), None);
        assert_eq!(reply(250, &["2.0.0.1 x"]).enhanced(), None);
    }
}
