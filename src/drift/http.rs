//! HTTPS for `drift` and `discover`: fetch autoconfig files (size-capped, redirects
//! followed) and probe source pages (redirects reported, not followed). `--connect-to` and
//! `--cacert` apply, so tests talk to a loopback server with a throwaway CA.

use super::dns::Dns;
use crate::verify::target::{self, ConnectTo};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use ureq::ResponseExt;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// The largest autoconfig file read: real ones are a few kilobytes.
pub const MAX_BODY_BYTES: u64 = 256 * 1024;

/// What a GET of a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 2xx with this body (after redirects, which are named in `via`).
    Body {
        /// The text.
        text: String,
        /// The last URL, when redirected.
        via: Option<String>,
    },
    /// Any other HTTP status.
    Status(u16),
    /// No HTTP answer (DNS, TCP, TLS, timeout) or a body that is too big.
    Failed(String),
}

/// What a source page probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// 2xx.
    Answering,
    /// 3xx to this location.
    Redirected(String),
    /// 4xx/5xx.
    Status(u16),
    /// No HTTP answer.
    Failed(String),
}

/// An HTTPS client with `--connect-to` rules and optional extra trust.
pub struct Http {
    follow: ureq::Agent,
    no_follow: ureq::Agent,
}

impl Http {
    /// A client with a time limit per request; `cacert` (PEM) replaces the built-in roots.
    /// Host names are looked up with `dns` when given, else the system's resolver.
    pub fn new(
        connect_to: &[ConnectTo],
        cacert: Option<&Path>,
        timeout: Duration,
        dns: Option<Arc<Dns>>,
    ) -> anyhow::Result<Http> {
        let certs = match cacert {
            Some(path) => {
                let pem = std::fs::read(path).map_err(|e| {
                    anyhow::anyhow!("--cacert {}: cannot read it: {e}", path.display())
                })?;
                let certs: Vec<_> = ureq::tls::parse_pem(&pem)
                    .filter_map(|item| match item {
                        Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                        _ => None,
                    })
                    .collect();
                anyhow::ensure!(
                    !certs.is_empty(),
                    "--cacert {}: no PEM certificate in it",
                    path.display()
                );
                Some(certs)
            }
            None => None,
        };
        let agent = |redirects: u32| {
            let mut tls = ureq::tls::TlsConfig::builder();
            if let Some(certs) = &certs {
                tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(certs));
            }
            let config = ureq::Agent::config_builder()
                .timeout_global(Some(timeout))
                .http_status_as_error(false)
                .max_redirects(redirects)
                .save_redirect_history(true)
                .tls_config(tls.build())
                .user_agent(concat!("mailbook/", env!("CARGO_PKG_VERSION"), " (drift)"))
                .build();
            let resolver = ConnectToResolver {
                rules: connect_to.to_vec(),
                inner: DefaultResolver::default(),
                dns: dns.clone(),
            };
            ureq::Agent::with_parts(config, DefaultConnector::new(), resolver)
        };
        Ok(Http {
            follow: agent(5),
            no_follow: agent(0),
        })
    }

    /// GET `url`, following redirects, reading at most [`MAX_BODY_BYTES`].
    pub fn fetch(&self, url: &str) -> Fetched {
        let mut response = match self.follow.get(url).call() {
            Ok(r) => r,
            Err(e) => return Fetched::Failed(e.to_string()),
        };
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Fetched::Failed(format!("HTTP {status}")).status_or(status);
        }
        let via = response
            .get_redirect_history()
            .and_then(|h| h.last())
            .map(|u| u.to_string())
            .filter(|last| last != url);
        match response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_string()
        {
            Ok(text) => Fetched::Body { text, via },
            Err(ureq::Error::BodyExceedsLimit(_)) => Fetched::Failed(format!(
                "the file is larger than {} KiB; mailbook reads at most that",
                MAX_BODY_BYTES / 1024
            )),
            Err(e) => Fetched::Failed(e.to_string()),
        }
    }

    /// GET `url` without following redirects.
    pub fn probe(&self, url: &str) -> Probe {
        match self.no_follow.get(url).call() {
            Ok(r) => {
                let status = r.status().as_u16();
                match status {
                    200..=299 => Probe::Answering,
                    300..=399 => Probe::Redirected(
                        r.headers()
                            .get("location")
                            .and_then(|l| l.to_str().ok())
                            .map(|l| absolute(url, l))
                            .unwrap_or_default(),
                    ),
                    _ => Probe::Status(status),
                }
            }
            Err(e) => Probe::Failed(e.to_string()),
        }
    }
}

impl Fetched {
    fn status_or(self, status: u16) -> Fetched {
        if (300..600).contains(&status) {
            Fetched::Status(status)
        } else {
            self
        }
    }
}

/// A `Location` made absolute against the URL that answered with it.
fn absolute(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let origin_end = base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j))
        .unwrap_or(base.len());
    if location.starts_with('/') {
        format!("{}{location}", &base[..origin_end])
    } else {
        let dir_end = base
            .rfind('/')
            .filter(|i| *i >= origin_end)
            .unwrap_or(origin_end);
        format!("{}/{location}", &base[..dir_end])
    }
}

/// Resolves with `--dns-server` (or as usual), after the `--connect-to` rules.
struct ConnectToResolver {
    rules: Vec<ConnectTo>,
    inner: DefaultResolver,
    dns: Option<Arc<Dns>>,
}

impl std::fmt::Debug for ConnectToResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectToResolver")
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}

impl Resolver for ConnectToResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default();
        let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
            Some("http") => 80,
            _ => 443,
        });
        let (to_host, to_port, redirected) = target::resolve(&self.rules, host, port);
        let mut out = self.empty();
        if let Ok(ip) = to_host.trim_matches(['[', ']']).parse::<IpAddr>() {
            out.push(SocketAddr::new(ip, to_port));
            return Ok(out);
        }
        match &self.dns {
            Some(dns) => {
                let ips = dns.ips(&to_host).map_err(|_| ureq::Error::HostNotFound)?;
                for ip in ips.into_iter().take(4) {
                    out.push(SocketAddr::new(ip, to_port));
                }
            }
            None if !redirected => return self.inner.resolve(uri, config, timeout),
            None => {
                let addrs = (to_host.as_str(), to_port)
                    .to_socket_addrs()
                    .map_err(|_| ureq::Error::HostNotFound)?;
                for addr in addrs.take(4) {
                    out.push(addr);
                }
            }
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::absolute;

    #[test]
    fn locations() {
        assert_eq!(absolute("https://a.test/x/y", "/z"), "https://a.test/z");
        assert_eq!(absolute("https://a.test/x/y", "z"), "https://a.test/x/z");
        assert_eq!(
            absolute("https://a.test", "https://b.test/"),
            "https://b.test/"
        );
    }
}
