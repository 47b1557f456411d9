//! Keeping secrets out of everything `verify` records. A server may echo what it was sent,
//! cut short or re-chunked across reply lines (seen: 7 of 8 password characters of an AUTH
//! PLAIN blob, and the user name plus 6 password characters of a LOGIN line), so masking
//! only whole strings is not enough: [`Scrubber::clean`] masks every run of text that is a
//! piece of a secret, or of one of its encodings, at least [`MIN_RUN`] characters long.
//!
//! The forms known from the start ([`Scrubber::for_credentials`]) are each password and
//! token as typed, its base64 at each of the three byte alignments it can have inside a
//! longer encoded stream, and the exact payloads `auth` may send (AUTH PLAIN's
//! `\0user\0password`, the LOGIN password line, the XOAUTH2 and OAUTHBEARER blobs). The
//! user name alone is not a secret (reports name the account), so its plain form is not
//! masked; its share of an encoded blob is.

use super::credentials::{Credentials, Secret};
use super::smtp::sasl;
use crate::recipe::AuthMechanism;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

/// The shortest piece of a secret that is masked. Shorter pieces are everyday text ("the",
/// "250 "); a whole secret is masked however short it is.
pub const MIN_RUN: usize = 5;

/// What a masked piece is replaced by.
const MASK: &str = "***";

/// The secret forms to mask. Its `Debug` shows no value.
#[derive(Debug, Default, Clone)]
pub struct Scrubber {
    forms: Vec<Secret>,
}

impl Scrubber {
    /// Every form of the secrets in `creds` that a server could echo.
    pub fn for_credentials(creds: &Credentials) -> Scrubber {
        let mut s = Scrubber::default();
        let user = creds.username.as_deref().unwrap_or_default();
        for secret in creds.secrets() {
            s.add_with_encodings(secret);
        }
        if let Some(p) = &creds.password {
            s.add(&sasl::plain_payload(user, p.expose()));
            s.add(&sasl::login_password(p.expose()));
        }
        if let Some(t) = &creds.token {
            for m in [AuthMechanism::Xoauth2, AuthMechanism::Oauthbearer] {
                s.add(&sasl::bearer_payload(m, user, t.expose()));
            }
        }
        s
    }

    /// Mask `secret` as it is.
    pub fn add(&mut self, secret: &str) {
        if !secret.is_empty() && !self.forms.iter().any(|s| s.expose() == secret) {
            self.forms.push(Secret::new(secret));
        }
    }

    /// Mask `secret` and its base64 at every alignment: inside a longer encoded stream the
    /// secret may start at any byte offset modulo 3, which changes every character of its
    /// encoding. The characters that mix in neighbouring bytes are dropped.
    pub fn add_with_encodings(&mut self, secret: &str) {
        self.add(secret);
        for pad in 0..3 {
            let mut bytes = vec![0u8; pad];
            bytes.extend_from_slice(secret.as_bytes());
            let encoded = B64.encode(&bytes);
            // Characters 0..=pad carry bits of the padding bytes (none when pad is 0).
            let skip = if pad == 0 { 0 } else { pad + 1 };
            let core = encoded.trim_end_matches('=');
            if let Some(core) = core.get(skip..) {
                self.add(core);
            }
        }
    }

    /// Whether there is nothing to mask.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// `text` with every whole secret form, and every piece of one at least [`MIN_RUN`]
    /// characters long, replaced by `***`.
    pub fn clean(&self, text: &str) -> String {
        if self.forms.is_empty() {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let forms: Vec<Vec<char>> = self
            .forms
            .iter()
            .map(|s| s.expose().chars().collect())
            .collect();
        let mut masked = vec![false; chars.len()];
        for start in 0..chars.len() {
            let len = forms
                .iter()
                .map(|f| longest_piece(&chars[start..], f))
                .max()
                .unwrap_or(0);
            for m in masked.iter_mut().skip(start).take(len) {
                *m = true;
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut in_mask = false;
        for (c, m) in chars.iter().zip(&masked) {
            if *m && !in_mask {
                out.push_str(MASK);
            } else if !m {
                out.push(*c);
            }
            in_mask = *m;
        }
        out
    }
}

/// The length of the longest prefix of `text` that occurs in `form` and is worth masking
/// (the whole form, or at least [`MIN_RUN`] characters of it); 0 when there is none.
fn longest_piece(text: &[char], form: &[char]) -> usize {
    let mut best = 0;
    for offset in 0..form.len() {
        let n = text
            .iter()
            .zip(&form[offset..])
            .take_while(|(a, b)| a == b)
            .count();
        if n > best {
            best = n;
        }
    }
    if best >= MIN_RUN.min(form.len()) {
        best
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(user: &str, password: &str) -> Credentials {
        Credentials {
            username: Some(user.into()),
            password: Some(Secret::new(password)),
            ..Credentials::default()
        }
    }

    #[test]
    fn whole_and_partial_secrets_are_masked() {
        let s = Scrubber::for_credentials(&creds("u@x.example", "Zebra-Kx7q-Secret"));
        assert_eq!(s.clean("pw Zebra-Kx7q-Secret ok"), "pw *** ok");
        assert_eq!(s.clean("saw Kx7q-S then"), "saw *** then");
        // Four characters are everyday text; the user name is not a secret.
        assert_eq!(s.clean("Kx7q u@x.example"), "Kx7q u@x.example");
    }

    #[test]
    fn encodings_cut_short_or_rechunked_are_masked() {
        let s = Scrubber::for_credentials(&creds("u@x.example", "Zebra-Kx7q-Secret"));
        let blob = sasl::plain_payload("u@x.example", "Zebra-Kx7q-Secret");
        let echoed = format!("535 {} {}", &blob[..9], &blob[9..blob.len() - 2]);
        let cleaned = s.clean(&echoed);
        assert_eq!(cleaned, "535 *** ***");
        // The password's encoding at another alignment, as part of some other blob.
        let other = B64.encode(format!("ab{}", "Zebra-Kx7q-Secret"));
        assert!(!s.clean(&other).contains(&other[4..12]), "{other}");
    }

    #[test]
    fn a_short_secret_is_masked_whole() {
        let mut s = Scrubber::default();
        s.add("7q");
        assert_eq!(s.clean("pw 7q here"), "pw *** here");
        assert_eq!(Scrubber::default().clean("x"), "x");
    }
}
