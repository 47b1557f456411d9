//! Child processes the tests start (the SMTP and HTTPS harnesses). Shared with the drift
//! bench, which includes this file by path.

use std::process::Child;
use std::time::{Duration, Instant};

/// Stop a harness process: closing its stdin ends it; it is killed (our own child, by
/// handle) if it lingers past 3 s.
pub fn stop_harness(child: &mut Child) {
    drop(child.stdin.take());
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}
