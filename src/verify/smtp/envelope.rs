//! The envelope addresses as they go on the wire (RFC 6531): an internationalised domain is
//! sent as its punycode (`bücher.example` → `xn--bcher-kva.example`), which every server
//! understands; a local part with non-ASCII characters cannot be rewritten, so it needs the
//! server's `SMTPUTF8` extension, declared on `MAIL FROM`.

/// The envelope of the test mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Sender, domain in ASCII.
    pub from: String,
    /// Recipient, domain in ASCII.
    pub to: String,
    /// Some local part is not ASCII: `MAIL FROM` must declare `SMTPUTF8`.
    pub needs_smtputf8: bool,
    /// What was rewritten, for the evidence (`bücher.example → xn--bcher-kva.example`).
    pub notes: Vec<String>,
}

impl Envelope {
    /// The envelope for `from` and `to` (plausible addresses); `Err` names a domain that
    /// has no ASCII form.
    pub fn new(from: &str, to: &str) -> Result<Envelope, String> {
        let mut notes = Vec::new();
        let (from, from_utf8) = ascii_domain(from, &mut notes)?;
        let (to, to_utf8) = ascii_domain(to, &mut notes)?;
        Ok(Envelope {
            from,
            to,
            needs_smtputf8: from_utf8 || to_utf8,
            notes,
        })
    }

    /// The `MAIL FROM` command, with `SMTPUTF8` when a local part needs it.
    pub fn mail_from(&self) -> String {
        if self.needs_smtputf8 {
            format!("MAIL FROM:<{}> SMTPUTF8", self.from)
        } else {
            format!("MAIL FROM:<{}>", self.from)
        }
    }

    /// The addresses whose local part is not ASCII.
    pub fn utf8_addresses(&self) -> Vec<&str> {
        [self.from.as_str(), self.to.as_str()]
            .into_iter()
            .filter(|a| !local_part(a).is_ascii())
            .collect()
    }
}

fn local_part(address: &str) -> &str {
    address.rsplit_once('@').map_or(address, |(l, _)| l)
}

/// `address` with its domain in ASCII, and whether its local part is not ASCII.
fn ascii_domain(address: &str, notes: &mut Vec<String>) -> Result<(String, bool), String> {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Ok((address.to_string(), !address.is_ascii()));
    };
    if domain.is_ascii() {
        return Ok((address.to_string(), !local.is_ascii()));
    }
    let ascii = idna::domain_to_ascii(domain)
        .map_err(|_| format!("the domain `{domain}` has no ASCII (punycode) form"))?;
    notes.push(format!("domain {domain} sent as {ascii} (punycode)"));
    Ok((format!("{local}@{ascii}"), !local.is_ascii()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idn_domains_are_punycoded_and_utf8_local_parts_need_smtputf8() {
        let e = Envelope::new("shop@bücher.example", "qa@test.example").unwrap();
        assert_eq!(e.from, "shop@xn--bcher-kva.example");
        assert!(!e.needs_smtputf8);
        assert_eq!(e.mail_from(), "MAIL FROM:<shop@xn--bcher-kva.example>");
        assert_eq!(e.notes.len(), 1);
        let e = Envelope::new("shop@test.example", "jürgen@bücher.example").unwrap();
        assert!(e.needs_smtputf8);
        assert_eq!(e.to, "jürgen@xn--bcher-kva.example");
        assert_eq!(e.utf8_addresses(), vec!["jürgen@xn--bcher-kva.example"]);
        assert_eq!(
            e.mail_from(),
            "MAIL FROM:<shop@test.example> SMTPUTF8".to_string()
        );
    }
}
