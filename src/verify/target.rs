//! `--connect-to HOST:PORT:HOST2:PORT2`, with curl's meaning: connect to HOST2:PORT2 instead
//! of HOST:PORT, but keep talking to (SNI, certificate name checks) HOST. An empty HOST or
//! PORT matches any; an empty HOST2 or PORT2 keeps the original. IPv6 addresses go in
//! brackets.

use anyhow::bail;

/// One `--connect-to` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTo {
    host: Option<String>,
    port: Option<u16>,
    to_host: Option<String>,
    to_port: Option<u16>,
}

impl ConnectTo {
    /// Parse `HOST:PORT:HOST2:PORT2`.
    pub fn parse(spec: &str) -> anyhow::Result<ConnectTo> {
        let fields = split(spec);
        let [host, port, to_host, to_port] = fields.as_slice() else {
            bail!("--connect-to `{spec}`: expected HOST:PORT:HOST2:PORT2 (IPv6 in brackets)");
        };
        let port_of = |p: &str| -> anyhow::Result<Option<u16>> {
            if p.is_empty() {
                return Ok(None);
            }
            match p.parse::<u16>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => bail!("--connect-to `{spec}`: `{p}` is not a port number (1-65535)"),
            }
        };
        let host_of = |h: &str| {
            let h = h.trim_start_matches('[').trim_end_matches(']');
            (!h.is_empty()).then(|| h.to_ascii_lowercase())
        };
        Ok(ConnectTo {
            host: host_of(host),
            port: port_of(port)?,
            to_host: host_of(to_host),
            to_port: port_of(to_port)?,
        })
    }

    /// Where to connect for `host:port`, if this rule applies.
    pub fn apply(&self, host: &str, port: u16) -> Option<(String, u16)> {
        let host_matches = self
            .host
            .as_deref()
            .is_none_or(|h| h.eq_ignore_ascii_case(host));
        let port_matches = self.port.is_none_or(|p| p == port);
        (host_matches && port_matches).then(|| {
            (
                self.to_host.clone().unwrap_or_else(|| host.to_string()),
                self.to_port.unwrap_or(port),
            )
        })
    }
}

/// The first matching rule's destination, else the documented host and port.
pub fn resolve(rules: &[ConnectTo], host: &str, port: u16) -> (String, u16, bool) {
    rules
        .iter()
        .find_map(|r| r.apply(host, port))
        .map(|(h, p)| (h, p, true))
        .unwrap_or_else(|| (host.to_string(), port, false))
}

/// Split on `:` outside brackets.
fn split(spec: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in spec.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ':' if depth == 0 => {
                out.push(&spec[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&spec[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_semantics() {
        let r = ConnectTo::parse("smtp.test.example:587:127.0.0.1:2525").unwrap();
        assert_eq!(
            r.apply("smtp.test.example", 587),
            Some(("127.0.0.1".to_string(), 2525))
        );
        assert_eq!(r.apply("smtp.test.example", 465), None);
        let any = ConnectTo::parse("::[::1]:").unwrap();
        assert_eq!(any.apply("x.example", 465), Some(("::1".to_string(), 465)));
        assert!(ConnectTo::parse("a:b:c:d").is_err());
        assert!(ConnectTo::parse("a:1:c").is_err());
        let rules = vec![r];
        assert_eq!(
            resolve(&rules, "other.example", 25),
            ("other.example".to_string(), 25, false)
        );
    }
}
