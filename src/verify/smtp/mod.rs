//! The SMTP protocol as `verify` speaks it, apart from what each phase decides:
//!
//! - [`session`]: the dialogue over plain TCP or rustls, every read and write bounded by the
//!   current phase's deadline;
//! - [`reply`]: replies, their enhanced status codes and quotable text;
//! - [`capabilities`]: the EHLO name and what EHLO offers;
//! - [`sasl`]: the AUTH exchanges and their payloads;
//! - [`envelope`]: the envelope addresses, punycode and SMTPUTF8;
//! - [`message`]: the test mail, composed with lettre's message builder.
//!
//! # Why our own dialogue, and lettre only for the message
//!
//! lettre is the SMTP crate this project was specified with, and its message builder and
//! `Address` type compose the test mail (headers, encodings, address syntax). Its transport
//! cannot carry the diagnosis `verify` exists for, so we keep our own dialogue:
//!
//! - **phase by phase**: lettre's `SmtpConnection::connect` does TCP, greeting, TLS and EHLO
//!   in one call and discards the greeting banner; a failure cannot be told apart by phase;
//! - **every capability**: lettre keeps only 8BITMIME, SMTPUTF8, STARTTLS and three AUTH
//!   mechanisms, so AUTH drift (CRAM-MD5, OAUTHBEARER, …) would be invisible;
//! - **per-phase deadlines**: lettre has one socket timeout for reads and writes, so a server
//!   that sends one byte every 19 s would never time out;
//! - **the STARTTLS-injection guard**: we refuse to continue when the server sent bytes after
//!   its `220` to STARTTLS and before the handshake (CVE-2011-0411 style); lettre's buffered
//!   reader gives no way to see them;
//! - **the certificate verdict as data**: our recording verifier says why a certificate was
//!   refused; lettre folds it into a network error.
//!
//! lettre is built with `default-features = false, features = ["builder"]`, so none of its
//! transport code is compiled in.

pub mod capabilities;
pub mod envelope;
pub mod message;
pub mod reply;
pub mod sasl;
pub mod session;

pub use reply::Reply;
pub use session::{Session, SessionError, TlsInfo};
