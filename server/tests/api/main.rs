//! Integration tests: the real application on a random loopback port, a fresh SQLite database
//! per test.
mod accounts;
mod bad_input;
mod bookings;
mod dashboard;
mod donations;
mod durability;
mod export;
mod helpers;
mod keeping;
mod ledger;
mod listings;
mod logins;
mod notices;
mod openapi;
mod orders;
mod pages;
mod photos;
mod products;
mod races;
mod rooms;
mod schedule;
mod security;
mod static_files;
mod tickets;
