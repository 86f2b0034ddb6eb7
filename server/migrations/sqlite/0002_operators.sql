-- Operators and their sessions, the audit log, the donation ledger and spendings, and what an
-- operator does to bookings and orders.

CREATE TABLE operator (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('host', 'seller', 'finance', 'admin')),
    password_hash TEXT NOT NULL,         -- argon2id PHC string
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    last_failed_at TEXT,
    created_at    TEXT NOT NULL
);

-- The listings an operator owns: (collection, slug), e.g. ('schools', 'chen-family-hall').
CREATE TABLE operator_listing (
    operator_id INTEGER NOT NULL REFERENCES operator (id),
    collection  TEXT NOT NULL CHECK (collection IN ('schools', 'lodgings', 'products')),
    slug        TEXT NOT NULL,
    PRIMARY KEY (operator_id, collection, slug)
) WITHOUT ROWID;
CREATE INDEX operator_listing_slug ON operator_listing (collection, slug);

-- A login: only the SHA-256 of the cookie's token is kept.
CREATE TABLE operator_session (
    token_hash  TEXT PRIMARY KEY,
    operator_id INTEGER NOT NULL REFERENCES operator (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Every operator action: who, what, on what, when, the state before and after (JSON).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    operator_id INTEGER NOT NULL REFERENCES operator (id),
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    at          TEXT NOT NULL
);

-- The public donation ledger. Rows are only ever inserted; `entry` is the JSON of
-- model::LedgerEntry and `hash` its SHA-256 over the canonical encoding (model::ledger).
CREATE TABLE ledger_entry (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('in', 'out')),
    project   TEXT NOT NULL,
    amount    INTEGER NOT NULL,
    entry     TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
);

-- The last entry's hash, written with each entry: removing entries from the end is then
-- as visible as removing them from the middle.
CREATE TABLE ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);

CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- A spending's current stage; each stage is also a ledger entry.
CREATE TABLE spending (
    id          INTEGER PRIMARY KEY,
    project     TEXT NOT NULL REFERENCES project_total (project),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    payee       TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    receipt_sha256 TEXT,
    stage       TEXT NOT NULL CHECK (stage IN ('pending', 'approved', 'paid')),
    recorded_by INTEGER NOT NULL REFERENCES operator (id),
    approved_by INTEGER REFERENCES operator (id),
    paid_by     INTEGER REFERENCES operator (id),
    date        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

ALTER TABLE booking ADD COLUMN confirmed_at TEXT;
ALTER TABLE booking ADD COLUMN decline_reason TEXT;
ALTER TABLE booking ADD COLUMN paid_at TEXT;
ALTER TABLE purchase ADD COLUMN paid_at TEXT;
ALTER TABLE purchase ADD COLUMN fulfilled_at TEXT;
ALTER TABLE donation ADD COLUMN confirmed_at TEXT;
ALTER TABLE donation ADD COLUMN ledger_seq INTEGER REFERENCES ledger_entry (seq);

CREATE INDEX booking_listing ON booking (listing, start);
