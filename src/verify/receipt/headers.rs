//! What the delivered test mail's header says about its way: the receiving server's
//! `Authentication-Results` verdicts (SPF, DKIM, DMARC), whether `From` was rewritten on the
//! way, and how many `Received` hops it made.

use regex::Regex;
use std::sync::LazyLock;

/// Facts read from the delivered header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderFacts {
    /// `spf=` of the topmost `Authentication-Results`, e.g. `pass`.
    pub spf: Option<String>,
    /// `dkim=` of the topmost `Authentication-Results`.
    pub dkim: Option<String>,
    /// `dmarc=` of the topmost `Authentication-Results`.
    pub dmarc: Option<String>,
    /// The delivered `From` address when it differs from the one sent.
    pub from_rewritten_to: Option<String>,
    /// Number of `Received` header fields.
    pub hops: u32,
}

/// Header fields as (name, unfolded value), in order; lines that are not fields are ignored.
fn fields(header: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(header);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split("\r\n").flat_map(|l| l.split('\n')) {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = out.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    out
}

/// The address of a `From` value: inside `<…>`, else the value itself.
fn address(value: &str) -> String {
    let inner = match (value.rfind('<'), value.rfind('>')) {
        (Some(a), Some(b)) if a < b => &value[a + 1..b],
        _ => value,
    };
    inner.trim().to_ascii_lowercase()
}

/// Read the facts from a raw header; `sent_from` is the address the test mail was sent from.
pub fn read(header: &[u8], sent_from: &str) -> HeaderFacts {
    static METHOD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[;\s])(spf|dkim|dmarc)\s*=\s*([a-z]+)").expect("valid regex")
    });
    let fields = fields(header);
    let mut facts = HeaderFacts {
        hops: u32::try_from(fields.iter().filter(|(n, _)| n == "received").count())
            .unwrap_or(u32::MAX),
        ..HeaderFacts::default()
    };
    // The topmost field is the one the final receiving server added.
    if let Some((_, results)) = fields.iter().find(|(n, _)| n == "authentication-results") {
        for cap in METHOD.captures_iter(results) {
            let verdict = Some(cap[2].to_ascii_lowercase());
            let slot = match cap[1].to_ascii_lowercase().as_str() {
                "spf" => &mut facts.spf,
                "dkim" => &mut facts.dkim,
                _ => &mut facts.dmarc,
            };
            if slot.is_none() {
                *slot = verdict;
            }
        }
    }
    if let Some((_, from)) = fields.iter().find(|(n, _)| n == "from") {
        let delivered = address(from);
        if !delivered.eq_ignore_ascii_case(sent_from.trim()) {
            facts.from_rewritten_to = Some(delivered);
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_verdicts_hops_and_from() {
        let header = b"Return-Path: <a@x.example>\r\n\
Authentication-Results: mx.in.example;\r\n\tspf=pass smtp.mailfrom=x.example;\r\n dkim=FAIL header.d=x.example; dmarc=none\r\n\
Authentication-Results: earlier.example; spf=fail\r\n\
Received: from a by b;\r\n\tWed, 2 Dec 2026 10:00:00 +0000\r\n\
Received: from c by d; Wed, 2 Dec 2026 10:00:00 +0000\r\n\
From: \"Relay\" <Relay@Lists.example>\r\n\r\n";
        let f = read(header, "shop@x.example");
        assert_eq!(f.spf.as_deref(), Some("pass"));
        assert_eq!(f.dkim.as_deref(), Some("fail"));
        assert_eq!(f.dmarc.as_deref(), Some("none"));
        assert_eq!(f.hops, 2);
        assert_eq!(f.from_rewritten_to.as_deref(), Some("relay@lists.example"));
        let same = read(b"From: Shop <SHOP@x.example>\r\n", "shop@x.example");
        assert_eq!(same, HeaderFacts::default());
    }
}
