//! mailbook's integration tests: one test binary (one link, one run of the shared set-up),
//! one module per area, and one harness (`support`) they all use. Snapshots live in
//! `tests/testsuite/snapshots/`, named `testsuite__<module>__<name>.snap`.
//!
//! Run one area with `cargo test --test testsuite -- check::` (the module path filters).

mod support;

mod atomic;
mod browser;
mod build;
mod check;
mod cli;
mod deadline;
mod drift;
mod evidence;
mod fragments;
mod i18n;
mod incremental;
mod page;
mod schema;
mod serve;
mod troubleshooting;
mod verify;
mod verify_advice;
mod verify_attacks;
mod verify_certificates;
mod verify_confirm;
mod verify_fakes;
mod verify_network;
mod verify_output;
mod verify_receipt;
mod verify_replies;
mod verify_secrets;
