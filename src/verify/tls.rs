//! TLS for `verify`: the trust store (Mozilla's roots from `webpki-roots` plus `--cacert`),
//! a certificate verifier that records what the server presented, and the certificate facts
//! (names, issuer, expiry) read with `x509-parser`.
//!
//! The recording verifier delegates every decision to rustls' own WebPKI verifier and returns
//! its verdict unchanged: an invalid certificate still aborts the handshake. It only keeps a
//! copy of the chain and of the error so that the `certificate` phase can say *why* (wrong
//! name, expired, unknown issuer) instead of a bare "handshake failed".

use anyhow::Context;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Trust anchors shared by every connection of a run.
#[derive(Debug, Clone)]
pub struct Trust {
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
    /// Whether `--cacert` added anchors (advice for an unknown issuer depends on it).
    pub extra: bool,
}

impl Trust {
    /// Mozilla's root programme (webpki-roots) plus the PEM certificates in `cacert`.
    pub fn new(cacert: Option<&Path>) -> anyhow::Result<Trust> {
        let mut roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        if let Some(path) = cacert {
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                .with_context(|| format!("cannot read --cacert {}", path.display()))?
                .collect::<Result<_, _>>()
                .with_context(|| format!("--cacert {}: not a PEM certificate", path.display()))?;
            if certs.is_empty() {
                anyhow::bail!("--cacert {}: no PEM certificate found", path.display());
            }
            for cert in certs {
                roots.add(cert).with_context(|| {
                    format!("--cacert {}: not a usable CA certificate", path.display())
                })?;
            }
        }
        Ok(Trust {
            roots: Arc::new(roots),
            provider: Arc::new(rustls::crypto::ring::default_provider()),
            extra: cacert.is_some(),
        })
    }

    /// A client configuration for one connection, with a fresh recorder.
    pub fn client_config(&self) -> anyhow::Result<(Arc<ClientConfig>, Arc<Recorder>)> {
        let inner =
            WebPkiServerVerifier::builder_with_provider(self.roots.clone(), self.provider.clone())
                .build()
                .context("cannot build the certificate verifier")?;
        let recorder = Arc::new(Recorder {
            inner,
            seen: Mutex::new(None),
        });
        // `dangerous()` is only rustls' name for "bring your own verifier"; ours returns the
        // WebPKI verdict unchanged (see the module comment), so nothing is accepted that
        // rustls' default configuration would refuse.
        let config = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .context("TLS protocol versions")?
            .dangerous()
            .with_custom_certificate_verifier(recorder.clone())
            .with_no_client_auth();
        Ok((Arc::new(config), recorder))
    }
}

/// What the server presented and what the WebPKI verifier said about it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// End-entity certificate first, then the intermediates as sent.
    pub chain: Vec<CertificateDer<'static>>,
    /// The verifier's verdict; `None` when the chain is valid for the name.
    pub error: Option<rustls::Error>,
}

/// A [`ServerCertVerifier`] that delegates to WebPKI and remembers chain and verdict.
#[derive(Debug)]
pub struct Recorder {
    inner: Arc<WebPkiServerVerifier>,
    seen: Mutex<Option<Seen>>,
}

impl Recorder {
    /// The chain and verdict of the last handshake, if it got that far.
    pub fn seen(&self) -> Option<Seen> {
        self.seen.lock().ok().and_then(|s| s.clone())
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let mut chain = vec![end_entity.clone().into_owned()];
        chain.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(Seen {
                chain,
                error: verdict.as_ref().err().cloned(),
            });
        }
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Facts about a server certificate, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct CertFacts {
    /// Subject distinguished name.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// DNS names and IP addresses in the subjectAltName extension.
    pub names: Vec<String>,
    /// Whether the certificate has a subjectAltName extension at all (without one, the
    /// subject's CN names nothing: RFC 6125, and WebPKI ignores it).
    pub has_san: bool,
    /// Expiry, Unix seconds.
    pub not_after: i64,
    /// Start of validity, Unix seconds.
    pub not_before: i64,
}

impl CertFacts {
    /// Parse a DER certificate.
    pub fn parse(der: &[u8]) -> Option<CertFacts> {
        let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
        let mut names = Vec::new();
        let san = cert.subject_alternative_name().ok().flatten();
        let has_san = san.is_some();
        if let Some(san) = san {
            for name in &san.value.general_names {
                match name {
                    x509_parser::extensions::GeneralName::DNSName(n) => names.push(n.to_string()),
                    x509_parser::extensions::GeneralName::IPAddress(ip) => {
                        if let Ok(a) = <[u8; 4]>::try_from(*ip) {
                            names.push(std::net::Ipv4Addr::from(a).to_string());
                        } else if let Ok(a) = <[u8; 16]>::try_from(*ip) {
                            names.push(std::net::Ipv6Addr::from(a).to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        Some(CertFacts {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            names,
            has_san,
            not_after: cert.validity().not_after.timestamp(),
            not_before: cert.validity().not_before.timestamp(),
        })
    }

    /// Whole days from `now` (Unix seconds) until expiry; negative once expired.
    pub fn days_left(&self, now: i64) -> i64 {
        (self.not_after - now).div_euclid(86_400)
    }
}

/// What the `certificate` phase knows besides the verifier's error.
#[derive(Debug, Clone, Copy)]
pub struct Verdict<'a> {
    /// The documented host.
    pub host: &'a str,
    /// The end-entity certificate's facts, when it could be read.
    pub facts: Option<&'a CertFacts>,
    /// How many certificates the server sent.
    pub chain_len: usize,
    /// Whether `--cacert` was given.
    pub cacert: bool,
}

/// A sentence explaining a certificate verdict, for the `certificate` check's summary.
pub fn explain(error: &rustls::Error, cx: Verdict<'_>) -> String {
    let (host, facts) = (cx.host, cx.facts);
    let names = facts
        .map(|f| f.names.join(", "))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "no names".to_string());
    match error {
        rustls::Error::InvalidCertificate(e) => match e {
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                match facts {
                    Some(f) if !f.has_san => format!(
                        "certificate has no subjectAltName; the CN is not used ({}), so it is \
                         valid for no name, not for {host}",
                        f.subject
                    ),
                    _ => format!("certificate is not valid for {host}: it names {names}"),
                }
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                let when = facts
                    .and_then(|f| jiff::Timestamp::from_second(f.not_after).ok())
                    .map(|t| format!(" on {}", t.strftime("%Y-%m-%d")))
                    .unwrap_or_default();
                format!("certificate expired{when}")
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "certificate is not valid yet".to_string()
            }
            CertificateError::UnknownIssuer => unknown_issuer(cx),
            CertificateError::Revoked => "certificate is revoked".to_string(),
            CertificateError::BadSignature => "certificate signature is invalid".to_string(),
            other => format!("certificate rejected: {other:?}"),
        },
        other => format!("certificate rejected: {other}"),
    }
}

/// An unknown issuer: a private CA (pass `--cacert`), or, when `--cacert` was given, an
/// intermediate the server does not send.
fn unknown_issuer(cx: Verdict<'_>) -> String {
    let issuer = cx
        .facts
        .map(|f| format!(" (issuer {})", f.issuer))
        .unwrap_or_default();
    let sent = match cx.chain_len {
        1 => "the server sent its certificate without any intermediate".to_string(),
        n => format!("the server sent {n} certificates"),
    };
    if cx.cacert {
        format!(
            "certificate chain does not lead to a trusted root (unknown issuer{issuer}), also \
             with --cacert: {sent}; the server probably does not send its intermediate \
             certificate, or --cacert is not the CA that issued it"
        )
    } else {
        format!(
            "certificate chain does not lead to a trusted root (unknown issuer{issuer}); {sent}; \
             for a private CA pass --cacert"
        )
    }
}
