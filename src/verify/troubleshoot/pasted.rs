//! Reading a message as a merchant pasted it: what the admin panel showed is rarely the
//! server's bare reply. Its mail library wraps it (`Expected response code 235 but got code
//! "535", with message "535-5.7.8 …"`), or the system reports a failure before any reply
//! (`getaddrinfo ENOTFOUND smpt.gmail.com`). [`UNWRAP`] finds the server's reply inside the
//! wrapper, [`PHASES`] the phase the words name, and [`hints`] the providers the message names
//! (a host, `gsmtp`, an address at `gmail.com`).
//!
//! The patterns are data the site's JavaScript runs too (`search-index.json` → `matcher`), so
//! they are written in the dialect the `regex` crate and JavaScript share (no look-around,
//! ASCII classes, `[\s\S]` for "anything, newlines too") and run on the lower-cased message.

use super::{MATCHER, Observation};
use crate::recipe::{Phase, Recipe};
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// The mail libraries' wrappers, most specific first. Each pattern's groups, joined by a
/// space, are the server's reply.
pub const UNWRAP: &[&str] = &[
    // Symfony Mailer and Swift Mailer: `Expected response code "235" but got code "535", with
    // message "535-5.7.8 …"` (Swift without the quotes around the expected code). Swift tries
    // each login method in turn and lists every reply: the last one is read (the earlier
    // ones are mostly `504` for a method the server does not offer).
    r#"^[\s\S]*but got code "?[2-5][0-9][0-9]"?, with message "([\s\S]*)"#,
    // The same, cut short after the code.
    r#"^[\s\S]*but got code "?([2-5][0-9][0-9])"#,
    // `Expected response code 220 but got an empty response`: no reply, and the expected code
    // is not one.
    r#"expected response code "?[0-9]+"?([\s\S]*)"#,
    // PHPMailer: `SMTP ERROR: Password command failed: 535-5.7.8 …`.
    r"command failed: ([\s\S]*)",
    // PHPMailer's error info: `SMTP code: 550 Additional SMTP info: 5.7.1`.
    r"smtp code: ([\s\S]*)",
    // Nodemailer: `Invalid login: 535-5.7.8 …`, or its error object printed whole.
    r"invalid login: ([\s\S]*)",
    r"response: ?'([^']*)",
    r"responsecode: ?([2-5][0-9][0-9])",
    // Python's smtplib: `SMTPAuthenticationError: (535, b'5.7.8 Username and Password …')`.
    r#"\(([2-5][0-9][0-9]), b?['"]([\s\S]*)"#,
];

/// A pattern whose presence names the phase that failed.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PhaseSignal {
    /// The phase.
    pub phase: Phase,
    /// The words, as a regex on the lower-cased message.
    pub pattern: &'static str,
}

/// The words that name a phase, tried in order (the first found wins): a certificate or DNS
/// failure is often reported inside a "could not connect" sentence, so they come first.
pub const PHASES: &[PhaseSignal] = &[
    PhaseSignal {
        phase: Phase::Certificate,
        pattern: r"certificate verify failed|self[- ]signed certificate|unable to get local issuer|certificate has expired|cert_has_expired|does not match certificate|altnames",
    },
    PhaseSignal {
        phase: Phase::Dns,
        pattern: r"getaddrinfo|php_network_getaddresses|enotfound|eai_again|name or service not known|nodename nor servname|no such host|name resolution|could not resolve|gaierror|unknown host|no address associated",
    },
    PhaseSignal {
        phase: Phase::Tls,
        pattern: r"wrong version number|ssl routines|ssl3_get_record|unable to enable crypto|ssl operation failed|tls handshake|handshake failure|unknown protocol",
    },
    PhaseSignal {
        phase: Phase::Tcp,
        pattern: r"econnrefused|connection refused|actively refused|etimedout|timed out|ehostunreach|enetunreach|network is unreachable|no route to host|smtp connect\(\) failed|could not connect to smtp host|connection could not be established|unable to connect|failed to connect|esocket",
    },
    PhaseSignal {
        phase: Phase::Auth,
        pattern: r#"expected response code "?235|could not authenticate|invalid login|smtpauthenticationerror|(password|username|auth) command failed|failed to authenticate on smtp server|'eauth'"#,
    },
    PhaseSignal {
        phase: Phase::Send,
        pattern: r#"expected response code "?354|data not accepted|smtpdataerror|smtpsenderrefused|smtprecipientsrefused"#,
    },
];

struct Compiled {
    code: Regex,
    enhanced: Regex,
    unwrap: Vec<Regex>,
    phases: Vec<(Phase, Regex)>,
}

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("valid pattern");
        Compiled {
            code: re(MATCHER.code_pattern),
            enhanced: re(MATCHER.enhanced_pattern),
            unwrap: MATCHER.unwrap.iter().map(|p| re(p)).collect(),
            phases: MATCHER
                .phases
                .iter()
                .map(|s| (s.phase, re(s.pattern)))
                .collect(),
        }
    })
}

/// The server's reply inside `lower` (the lower-cased message): the first wrapper's groups,
/// or the whole message when no wrapper is found.
pub fn reply(lower: &str) -> String {
    compiled()
        .unwrap
        .iter()
        .find_map(|re| re.captures(lower))
        .map_or_else(
            || lower.to_string(),
            |c| {
                c.iter()
                    .skip(1)
                    .flatten()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        )
}

impl Observation {
    /// A message as a merchant pasted it: the codes are read out of the server's reply inside
    /// it, the phase out of the words around it.
    pub fn pasted(message: &str) -> Observation {
        let c = compiled();
        let text = message.to_lowercase();
        let reply = reply(&text);
        let group = |re: &Regex| re.captures(&reply).map(|m| m[1].to_string());
        Observation {
            phase: c
                .phases
                .iter()
                .find(|(_, re)| re.is_match(&text))
                .map(|(p, _)| *p),
            code: group(&c.code).and_then(|code| code.parse().ok()),
            enhanced: group(&c.enhanced),
            text,
        }
    }
}

/// What, found in a message, shows it comes from `recipe`'s provider: its `message_hints`
/// and its SMTP hosts, lower-cased, each once.
pub fn hints(recipe: &Recipe) -> Vec<String> {
    let mut hints: Vec<String> = recipe
        .message_hints
        .iter()
        .chain(recipe.smtp.iter().map(|s| &s.host))
        .map(|h| h.trim().to_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    hints.sort();
    hints.dedup();
    hints
}

/// How many of `hints` the lower-cased `text` contains. A hint that begins (ends) with a
/// letter or digit counts only where no letter or digit comes before (after) it, so `aol` is
/// not found in `paola`, nor `outlook.com` in `prod.outlook.com` when written `@outlook.com`.
pub fn hint_score(hints: &[String], text: &str) -> usize {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    hints
        .iter()
        .filter(|hint| {
            let first = alnum(hint.chars().next());
            let last = alnum(hint.chars().next_back());
            // Every place it starts, overlapping ones too (as the site's script looks).
            text.char_indices()
                .filter(|(at, _)| text[*at..].starts_with(hint.as_str()))
                .any(|(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + hint.len()..].chars().next();
                    !((first && alnum(before)) || (last && alnum(after)))
                })
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(message: &str) -> (Option<u16>, Option<String>, Option<Phase>) {
        let seen = Observation::pasted(message);
        (seen.code, seen.enhanced, seen.phase)
    }

    #[test]
    fn codes_are_read_out_of_a_pasted_message() {
        let seen = Observation::pasted("535-5.7.8 Username and Password not accepted.");
        assert_eq!(
            (seen.code, seen.enhanced.as_deref()),
            (Some(535), Some("5.7.8"))
        );
        let seen = Observation::pasted("550 5.7.139 ok; 10.2.3.4 is not 5.7.1");
        assert_eq!(
            (seen.code, seen.enhanced.as_deref()),
            (Some(550), Some("5.7.139"))
        );
        let seen = Observation::pasted("from 10.5.7.8 at 1.2.3");
        assert_eq!((seen.code, seen.enhanced), (None, None));
        let seen = Observation::pasted("Must issue a STARTTLS command first");
        assert_eq!(seen.phase, None);
        assert_eq!(seen.text, "must issue a starttls command first");
    }

    #[test]
    fn the_expected_code_is_never_read_as_the_reply() {
        let gmail = (Some(535), Some("5.7.8".to_string()), Some(Phase::Auth));
        for wrapped in [
            r#"Expected response code "235" but got code "535", with message "535-5.7.8 Username and Password not accepted.""#,
            r#"Expected response code 235 but got code "535", with message "535-5.7.8 Username and Password not accepted.""#,
            "SMTP ERROR: Password command failed: 535-5.7.8 Username and Password not accepted.",
            "Invalid login: 535-5.7.8 Username and Password not accepted.",
            "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted.')",
        ] {
            assert_eq!(codes(wrapped), gmail, "{wrapped}");
        }
        assert_eq!(
            codes(
                r#"Expected response code 250 but got code "530", with message "530 5.7.0 Must issue a STARTTLS command first""#
            ),
            (Some(530), Some("5.7.0".into()), None)
        );
        assert_eq!(
            codes("Error: { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }"),
            (Some(535), None, Some(Phase::Auth))
        );
        assert_eq!(
            codes("Expected response code 220 but got an empty response"),
            (None, None, None)
        );
        assert_eq!(
            codes("SMTP Error: Could not authenticate."),
            (None, None, Some(Phase::Auth))
        );
    }

    #[test]
    fn the_words_name_the_phase() {
        let phase = |m: &str| Observation::pasted(m).phase;
        assert_eq!(
            phase(
                "Connection could not be established with host smpt.google.com :stream_socket_client(): php_network_getaddresses: getaddrinfo failed: Name or service not known"
            ),
            Some(Phase::Dns)
        );
        assert_eq!(
            phase("Error: getaddrinfo ENOTFOUND smpt.gmail.com"),
            Some(Phase::Dns)
        );
        assert_eq!(phase("connect ECONNREFUSED 1.2.3.4:25"), Some(Phase::Tcp));
        assert_eq!(
            phase(
                "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting"
            ),
            Some(Phase::Tcp)
        );
        assert_eq!(
            phase(
                "stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages: error:1408F10B:SSL routines:ssl3_get_record:wrong version number"
            ),
            Some(Phase::Tls)
        );
        assert_eq!(phase("550 5.4.5 Daily user sending limit exceeded"), None);
    }

    #[test]
    fn hints_count_only_whole() {
        let hints: Vec<String> = ["aol", "@outlook.com", "gsmtp", "google.com"]
            .map(String::from)
            .to_vec();
        assert_eq!(hint_score(&hints, "dear paola"), 0);
        assert_eq!(hint_score(&hints, "smtp.aol.com refused"), 1);
        assert_eq!(hint_score(&hints, "[x.namprd05.prod.outlook.com]"), 0);
        assert_eq!(hint_score(&hints, "shop@outlook.com is not allowed"), 1);
        assert_eq!(
            hint_score(&hints, "host smpt.google.com - gsmtp; smtp.google.com"),
            2
        );
    }
}
