//! SASL mechanism names in recipes (`smtp[].auth`).
//!
//! A recipe lists the AUTH mechanisms exactly as the server advertises them after TLS, so
//! `verify` can compare the list with the server's EHLO reply and report drift. Servers
//! advertise mechanisms that mailbook never uses (Gmail: `PLAIN-CLIENTTOKEN`, `XOAUTH`), so
//! the format accepts every name registered with IANA, while `verify` only logs in with the
//! four it can exercise: PLAIN and LOGIN (a password), XOAUTH2 and OAUTHBEARER (a token).

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// SASL mechanism names registered with IANA
/// (<https://www.iana.org/assignments/sasl-mechanisms>), as servers advertise them.
/// PLAIN-CLIENTTOKEN, XOAUTH and XOAUTH2 are Google's; Gmail advertises all three.
pub const REGISTERED: &[&str] = &[
    "9798-M-DSA-SHA1",
    "9798-M-ECDSA-SHA1",
    "9798-M-RSA-SHA1-ENC",
    "9798-U-DSA-SHA1",
    "9798-U-ECDSA-SHA1",
    "9798-U-RSA-SHA1-ENC",
    "ANONYMOUS",
    "CRAM-MD5",
    "DIGEST-MD5",
    "EAP-AES128",
    "EAP-AES128-PLUS",
    "EXTERNAL",
    "GS2-KRB5",
    "GS2-KRB5-PLUS",
    "GSS-SPNEGO",
    "GSSAPI",
    "KERBEROS_V4",
    "KERBEROS_V5",
    "LOGIN",
    "NMAS-SAMBA-AUTH",
    "NMAS_AUTHEN",
    "NMAS_LOGIN",
    "NTLM",
    "OAUTH10A",
    "OAUTHBEARER",
    "OPENID20",
    "OTP",
    "PLAIN",
    "PLAIN-CLIENTTOKEN",
    "SAML20",
    "SCRAM-SHA-1",
    "SCRAM-SHA-1-PLUS",
    "SCRAM-SHA-256",
    "SCRAM-SHA-256-PLUS",
    "SECURID",
    "SKEY",
    "SPNEGO",
    "SPNEGO-PLUS",
    "SXOVER-PLUS",
    "XOAUTH",
    "XOAUTH2",
];

/// The lower-case spellings recipes used before the names followed IANA; still read, so
/// older recipes keep loading, and written back in capitals.
const OLD_SPELLINGS: &[(&str, &str)] = &[
    ("plain", "PLAIN"),
    ("login", "LOGIN"),
    ("xoauth2", "XOAUTH2"),
    ("oauthbearer", "OAUTHBEARER"),
    ("cram-md5", "CRAM-MD5"),
];

/// A SASL authentication mechanism, as the server advertises it in `250-AUTH …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMechanism {
    /// `AUTH PLAIN`: user name and password (verify exercises it).
    Plain,
    /// `AUTH LOGIN`: user name and password (verify exercises it).
    Login,
    /// `AUTH XOAUTH2`: an OAuth2 access token (verify exercises it).
    Xoauth2,
    /// `AUTH OAUTHBEARER` (RFC 7628): an OAuth2 access token (verify exercises it).
    Oauthbearer,
    /// Any other registered mechanism: documented and compared with the server's list, but
    /// `verify` never tries to log in with it.
    Other(&'static str),
}

/// What kind of secret a mechanism `verify` can exercise needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    /// A password (PLAIN, LOGIN).
    Password,
    /// An OAuth2 access token (XOAUTH2, OAUTHBEARER).
    Token,
}

impl AuthMechanism {
    /// The mechanism for a name as written in a recipe, if it is registered.
    pub fn from_name(name: &str) -> Option<AuthMechanism> {
        let name = OLD_SPELLINGS
            .iter()
            .find(|(old, _)| *old == name)
            .map_or(name, |(_, new)| new);
        let registered = REGISTERED.iter().copied().find(|r| *r == name)?;
        Some(match registered {
            "PLAIN" => AuthMechanism::Plain,
            "LOGIN" => AuthMechanism::Login,
            "XOAUTH2" => AuthMechanism::Xoauth2,
            "OAUTHBEARER" => AuthMechanism::Oauthbearer,
            other => AuthMechanism::Other(other),
        })
    }

    /// The mechanism name as SMTP servers advertise it.
    pub fn smtp_name(self) -> &'static str {
        match self {
            AuthMechanism::Plain => "PLAIN",
            AuthMechanism::Login => "LOGIN",
            AuthMechanism::Xoauth2 => "XOAUTH2",
            AuthMechanism::Oauthbearer => "OAUTHBEARER",
            AuthMechanism::Other(name) => name,
        }
    }

    /// The secret `verify` logs in with, or `None` when `verify` cannot exercise the
    /// mechanism (it then never tries it).
    pub fn exercised_with(self) -> Option<Secret> {
        match self {
            AuthMechanism::Plain | AuthMechanism::Login => Some(Secret::Password),
            AuthMechanism::Xoauth2 | AuthMechanism::Oauthbearer => Some(Secret::Token),
            AuthMechanism::Other(_) => None,
        }
    }

    /// Whether the mechanism takes an OAuth2 token rather than a password.
    pub fn uses_token(self) -> bool {
        self.exercised_with() == Some(Secret::Token)
    }
}

impl Serialize for AuthMechanism {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.smtp_name())
    }
}

impl<'de> Deserialize<'de> for AuthMechanism {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = Cow::<str>::deserialize(d)?;
        AuthMechanism::from_name(&name)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, REGISTERED))
    }
}

impl JsonSchema for AuthMechanism {
    fn schema_name() -> Cow<'static, str> {
        "AuthMechanism".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut variants: Vec<serde_json::Value> = REGISTERED
            .iter()
            .map(|name| {
                let m = AuthMechanism::from_name(name).unwrap_or(AuthMechanism::Other(name));
                let what = match m.exercised_with() {
                    Some(Secret::Password) => "verify logs in with it using a password",
                    Some(Secret::Token) => "verify logs in with it using an OAuth2 token",
                    None => "documented and compared with the server's list; verify never tries it",
                };
                serde_json::json!({ "const": name, "description": format!("`AUTH {name}`: {what}.") })
            })
            .collect();
        variants.extend(OLD_SPELLINGS.iter().map(|(old, new)| {
            serde_json::json!({
                "const": old,
                "description": format!("Older spelling of `{new}`; write `{new}`."),
                "deprecated": true
            })
        }));
        json_schema!({
            "description": "A SASL mechanism registered with IANA, written as the server advertises it (`PLAIN`, `LOGIN`, `XOAUTH2`, `OAUTHBEARER`, `PLAIN-CLIENTTOKEN`, `XOAUTH`, `CRAM-MD5`, …). `verify` exercises PLAIN, LOGIN, XOAUTH2 and OAUTHBEARER; the others are only compared with what the server offers.",
            "oneOf": variants
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_old_spellings_become_capitals() {
        for name in REGISTERED {
            assert_eq!(AuthMechanism::from_name(name).unwrap().smtp_name(), *name);
        }
        assert_eq!(
            AuthMechanism::from_name("plain"),
            Some(AuthMechanism::Plain)
        );
        assert_eq!(
            AuthMechanism::from_name("cram-md5").unwrap().smtp_name(),
            "CRAM-MD5"
        );
        assert_eq!(AuthMechanism::from_name("xoauth"), None);
        assert_eq!(AuthMechanism::from_name("XOAUTH3"), None);
    }

    #[test]
    fn only_four_mechanisms_are_exercised() {
        let exercised: Vec<&str> = REGISTERED
            .iter()
            .filter(|n| {
                AuthMechanism::from_name(n)
                    .unwrap()
                    .exercised_with()
                    .is_some()
            })
            .copied()
            .collect();
        assert_eq!(exercised, ["LOGIN", "OAUTHBEARER", "PLAIN", "XOAUTH2"]);
    }

    #[test]
    fn registered_names_follow_the_rfc_4422_syntax() {
        for name in REGISTERED {
            assert!((1..=20).contains(&name.len()), "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_'),
                "{name}"
            );
        }
    }
}
