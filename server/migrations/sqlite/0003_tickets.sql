-- Guessing tickets: PIN attempts counted in the database, so every server process shares them;
-- no PIN in clear text in the idempotency table; the public ledger names a donation by an
-- opaque id instead of its reference.

-- Attempts per reference (as typed) in the current window; one UPSERT counts and reads.
CREATE TABLE pin_attempt (
    reference    TEXT PRIMARY KEY,
    attempts     INTEGER NOT NULL CHECK (attempts >= 0),
    window_start TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX pin_attempt_window ON pin_attempt (window_start);

-- From now on `key` holds the SHA-256 of the Idempotency-Key and a PIN in an answer is kept
-- only sealed with the key (`pin_sealed`); answers kept so far hold PINs in clear, and are at
-- most a day old: they go.
DELETE FROM idempotency;
ALTER TABLE idempotency ADD COLUMN pin_sealed TEXT;

-- The id a confirmed donation has in the public ledger.
ALTER TABLE donation ADD COLUMN ledger_id TEXT;
CREATE UNIQUE INDEX donation_ledger_id ON donation (ledger_id);
