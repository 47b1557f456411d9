//! The test mail `verify` sends, composed with lettre's message builder (headers, RFC 2047
//! encoding, line folding, address syntax through its `Address` type), then prepared for
//! `DATA`: line ends as CRLF, leading dots doubled, control characters replaced. Also the
//! queue id in the server's acceptance reply.

use crate::recipe::{AuthMechanism, Security};
use lettre::Address;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use regex::Regex;

/// What the test mail says: which recipe and server it checks.
#[derive(Debug, Clone)]
pub struct TestMail<'a> {
    /// Recipe id (a header and the Message-ID).
    pub recipe_id: &'a str,
    /// Provider display name.
    pub recipe_name: &'a str,
    /// Documented host.
    pub host: &'a str,
    /// Documented port.
    pub port: u16,
    /// Documented security.
    pub security: Security,
    /// The SASL mechanism that logged in.
    pub mechanism: AuthMechanism,
    /// The account's address.
    pub from: &'a str,
    /// The recipient.
    pub to: &'a str,
}

/// The composed mail, ready for `DATA`.
#[derive(Debug, Clone)]
pub struct Composed {
    /// `<mailbook.gmail.….@domain>`, to find the mail in the mailbox.
    pub message_id: String,
    /// The subject as written (before encoding).
    pub subject: String,
    /// The message, dot-stuffed, with CRLF line ends and the final `.` line.
    pub data: Vec<u8>,
}

impl TestMail<'_> {
    /// Compose the message. Fails when an address is not one lettre accepts.
    pub fn compose(&self, now: jiff::Timestamp) -> Result<Composed, String> {
        let address = |a: &str| {
            a.parse::<Address>()
                .map(|a| Mailbox::new(None, a))
                .map_err(|e| format!("`{}` is not a mailbox address: {e}", a.escape_debug()))
        };
        let domain = self
            .from
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or("mailbook.invalid");
        let message_id = format!(
            "<mailbook.{}.{}.{:016x}@{domain}>",
            self.recipe_id,
            now.as_nanosecond(),
            random_u64()
        );
        // Recipe text must not be able to add header lines.
        let subject = format!(
            "mailbook verify: {} via {}:{} at {}",
            self.recipe_name,
            self.host,
            self.port,
            now.strftime("%Y-%m-%d %H:%M:%S UTC")
        )
        .replace(|c: char| c.is_control(), " ");
        let message = Message::builder()
            .from(address(self.from)?)
            .to(address(self.to)?)
            .subject(subject.clone())
            .date(now.into())
            .message_id(Some(message_id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("X-Mailbook-Recipe"),
                self.recipe_id.to_string(),
            ))
            .body(self.body())
            .map_err(|e| format!("the test mail cannot be composed: {e}"))?;
        Ok(Composed {
            message_id,
            subject,
            data: for_data(&String::from_utf8_lossy(&message.formatted())),
        })
    }

    fn body(&self) -> String {
        format!(
            "This is a test message from `mailbook verify`, checking that the documented\n\
             settings for {} still work: {}:{} ({}), AUTH {}.\n\nYou can delete it.\n",
            self.recipe_name,
            self.host,
            self.port,
            self.security.as_str(),
            self.mechanism.smtp_name()
        )
    }
}

/// The message as `DATA` carries it: CRLF line ends, leading dots doubled, and the final
/// `.` line.
fn for_data(message: &str) -> Vec<u8> {
    let mut data = String::new();
    for line in message.lines() {
        // Recipe text (name, host) must not end the message early: a bare CR or any other
        // control character could be read as a line end by some servers (SMTP smuggling).
        let line = crate::text::replace_controls(line, &['\t'], ' ');
        if line.starts_with('.') {
            data.push('.');
        }
        data.push_str(&line);
        data.push_str("\r\n");
    }
    data.push_str(".\r\n");
    data.into_bytes()
}

/// An address we can put in `MAIL FROM:<…>` without changing the command: one `@`, no
/// spaces, control characters or angle brackets.
pub fn plausible_address(address: &str) -> bool {
    address.matches('@').count() == 1
        && !address.starts_with('@')
        && !address.ends_with('@')
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// The queue id in an acceptance reply: `queued as X`, `id=X`, or Gmail's trailing token.
pub fn queue_id(text: &str) -> Option<String> {
    let re = Regex::new(r"(?i)(?:queued as|\bid[=:])\s*([A-Za-z0-9._-]+)").ok()?;
    if let Some(c) = re.captures(text) {
        return Some(c[1].to_string());
    }
    text.split_whitespace()
        .last()
        .filter(|w| w.len() >= 6 && w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
}

/// Randomness for Message-IDs without another dependency: std's per-process random hash keys.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail<'a>(name: &'a str, from: &'a str) -> TestMail<'a> {
        TestMail {
            recipe_id: "acme",
            recipe_name: name,
            host: "smtp.acme.example",
            port: 587,
            security: Security::Starttls,
            mechanism: AuthMechanism::Plain,
            from,
            to: "shop@acme.example",
        }
    }

    #[test]
    fn the_test_mail_is_a_dot_stuffed_message_with_our_headers() {
        let now = jiff::Timestamp::from_second(1_764_124_800).unwrap();
        let composed = mail("Acme\r\n.\r\nRCPT TO:<x@y>", "shop@acme.example")
            .compose(now)
            .unwrap();
        let data = String::from_utf8(composed.data).unwrap();
        assert!(data.ends_with("\r\n.\r\n"), "{data}");
        assert!(data.contains("X-Mailbook-Recipe: acme\r\n"), "{data}");
        assert!(data.contains(&format!("Message-ID: {}\r\n", composed.message_id)));
        assert!(data.contains("From: shop@acme.example\r\n"), "{data}");
        assert!(
            data.contains("Content-Type: text/plain; charset=utf-8\r\n"),
            "{data}"
        );
        assert!(
            composed
                .message_id
                .starts_with("<mailbook.acme.1764124800000000000.")
        );
        assert!(composed.message_id.ends_with("@acme.example>"));
        // The recipe's name cannot end the message early: exactly one lone dot line, the last.
        assert_eq!(data.matches("\r\n.\r\n").count(), 1, "{data}");
        assert!(mail("Acme", "not an address").compose(now).is_err());
    }

    #[test]
    fn addresses_and_queue_ids() {
        assert_eq!(
            queue_id("Ok: queued as MB000001").as_deref(),
            Some("MB000001")
        );
        assert_eq!(
            queue_id("OK  1764124800 d2e1a72fcca58-7b9c1d5a3f2sm1234567pgb.12 - gsmtp"),
            None
        );
        assert_eq!(
            queue_id("OK 1764124800 d2e1a72fcca58-7b9c1d5a3f2sm1234567pgb.12").as_deref(),
            Some("d2e1a72fcca58-7b9c1d5a3f2sm1234567pgb.12")
        );
        assert!(plausible_address("a.b@example.com"));
        assert!(!plausible_address("a@b>\r\nRCPT TO:<c@d"));
        assert!(!plausible_address("no-at-sign"));
    }
}
