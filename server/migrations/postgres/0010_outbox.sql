-- The notification outbox: a notice is written in the same transaction as the change it
-- tells of, and a worker delivers it with retries, oldest first and in order per reference.
-- Its id is the message id a receiver sees again on a redelivery. A notice is written once
-- per channel that takes it: `village` (the group robot or webhook), `email` (the visitor).
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    channel TEXT NOT NULL,
    event TEXT NOT NULL,
    reference TEXT NOT NULL,
    listing TEXT NOT NULL,
    notice TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    delivered_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (next_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_reference ON outbox (reference, channel, id);
