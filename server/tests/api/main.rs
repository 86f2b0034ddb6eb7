//! Integration tests: the real application on a random loopback port, a fresh SQLite database
//! per test.
mod bad_input;
mod bookings;
mod donations;
mod durability;
mod export;
mod helpers;
mod listings;
mod openapi;
mod orders;
mod races;
mod static_files;
