//! Slows PIN guessing: after 10 wrong PINs for one reference within an hour, that reference
//! answers 429 until the hour is over. Counted per reference as typed, whether or not it
//! exists, so the limit tells a guesser nothing. Kept in memory, per process.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use model::Reference;

/// Wrong PINs allowed per reference per window.
pub const MAX_FAILURES: u32 = 10;
const WINDOW: Duration = Duration::from_secs(3600);
/// Entries kept before old windows are swept.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Default)]
pub struct PinGuard {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl PinGuard {
    /// False when `reference` has had too many wrong PINs lately.
    pub fn allows(&self, reference: &Reference) -> bool {
        let Ok(failures) = self.failures.lock() else {
            return true;
        };
        match failures.get(reference.code()) {
            Some((count, since)) => *count < MAX_FAILURES || since.elapsed() > WINDOW,
            None => true,
        }
    }

    /// Records a wrong PIN (or an unknown reference) for `reference`.
    pub fn failed(&self, reference: &Reference) {
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        if failures.len() >= MAX_ENTRIES {
            failures.retain(|_, (_, since)| since.elapsed() <= WINDOW);
        }
        let entry = failures
            .entry(reference.code().to_owned())
            .or_insert((0, Instant::now()));
        if entry.1.elapsed() > WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_locked_after_ten_wrong_pins() {
        let guard = PinGuard::default();
        let r = Reference::parse("CJG-2345-6789").unwrap();
        for _ in 0..MAX_FAILURES {
            assert!(guard.allows(&r));
            guard.failed(&r);
        }
        assert!(!guard.allows(&r));
        assert!(guard.allows(&Reference::parse("CJG-2345-678A").unwrap()));
    }
}
