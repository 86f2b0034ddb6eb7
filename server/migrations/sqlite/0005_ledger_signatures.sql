-- The ledger's head signed at every append with a key kept outside the database, and
-- corrections that wait for a second finance or admin account.

CREATE TABLE ledger_checkpoint (
    seq        INTEGER PRIMARY KEY,      -- the head's seq when signed
    head       TEXT NOT NULL,
    signed_at  TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL
);

CREATE TABLE ledger_correction (
    id          INTEGER PRIMARY KEY,
    corrects    INTEGER NOT NULL REFERENCES ledger_entry (seq),
    amount      INTEGER NOT NULL CHECK (amount <> 0),
    date        TEXT NOT NULL,
    note        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    proposed_by INTEGER NOT NULL REFERENCES operator (id),
    approved_by INTEGER REFERENCES operator (id),
    ledger_seq  INTEGER REFERENCES ledger_entry (seq),
    created_at  TEXT NOT NULL,
    CHECK (approved_by IS NULL OR approved_by <> proposed_by)
);
