//! Slows PIN guessing: every look-up by reference and PIN counts one attempt against the
//! reference (as typed, whether or not it exists) before the record is read, in the same
//! database transaction; a right PIN gives its attempt back. Past [`MAX_FAILURES`] in a
//! [`WINDOW_SECONDS`] window the reference answers 429 until the window is over. The count
//! lives in the database (`pin_attempt`), so every server process shares it, and a failure to
//! count fails the look-up.

/// Wrong PINs allowed per reference per window.
pub const MAX_FAILURES: u32 = 10;

/// How long a window lasts.
pub const WINDOW_SECONDS: i64 = 3600;
