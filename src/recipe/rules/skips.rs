//! Check skips: dated, explained, and naming a server of the recipe.

use super::{Annotate, Found};
use crate::recipe::Recipe;
use jiff::civil::Date;

/// The code of an expired skip, which `verify` reports as a failing check instead.
pub const SKIP_EXPIRED: &str = "skip-expired";

/// Every rule about the check skips of one recipe.
pub fn check(r: &Recipe, today: Date, f: &mut Found<'_>) {
    for (i, s) in r.checks.skip.iter().enumerate() {
        let p = format!("checks.skip[{i}]");
        if s.until < today {
            f.error(
                SKIP_EXPIRED,
                format!("{p}.until"),
                format!("the skip of `{}` expired on {}", s.check, s.until),
            )
            .help("check whether the reason still holds: remove the skip, or extend `until` with a fresh reason");
        }
        if s.reason.trim().is_empty() {
            f.error("empty-value", format!("{p}.reason"), "the reason is empty");
        }
        if let Some(server) = &s.server
            && !r
                .smtp
                .iter()
                .any(|x| format!("{}:{}", x.host, x.port) == *server)
        {
            let known: Vec<_> = r
                .smtp
                .iter()
                .map(|x| format!("{}:{}", x.host.escape_debug(), x.port))
                .collect();
            f.error(
                "skip-unknown-server",
                format!("{p}.server"),
                format!("`{server}` is not one of this recipe's servers"),
            )
            .expected(format!("one of {}", known.join(", ")));
        }
    }
}
