//! mailbook: one YAML recipe per email provider, rendered into a static help center and
//! executed as checks against the provider's SMTP servers.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod drift;
pub mod import;
pub mod recipe;
pub mod render;
pub mod report;
pub mod serve;
pub mod text;
pub mod translate;
pub mod verify;
pub mod words;
