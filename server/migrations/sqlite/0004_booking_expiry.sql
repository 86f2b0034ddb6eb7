-- A requested booking nobody confirms in time expires (`expires_at`, per listing, default 48 h)
-- and its places or nights are free again. The status CHECK gains 'expired', which SQLite can
-- only do by rebuilding the table; with foreign keys on (migrations run in a transaction),
-- room_night, which refers to booking, is set aside and rebuilt after it.
CREATE TABLE booking_new (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    pin_hash   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('school', 'lodging')),
    listing    TEXT NOT NULL,
    session_id TEXT REFERENCES session (id),
    room       TEXT,
    start      TEXT NOT NULL,
    persons    INTEGER NOT NULL CHECK (persons > 0),
    price      INTEGER NOT NULL CHECK (price >= 0),
    status     TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled', 'expired')),
    refund     INTEGER,
    view       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    confirmed_at TEXT,
    decline_reason TEXT,
    paid_at    TEXT,
    expires_at TEXT,                     -- while requested: when it expires unconfirmed
    CHECK ((kind = 'school') = (session_id IS NOT NULL)),
    CHECK ((kind = 'lodging') = (room IS NOT NULL))
);
INSERT INTO booking_new (id, reference, pin_hash, kind, listing, session_id, room, start, persons,
    price, status, refund, view, created_at, cancelled_at, confirmed_at, decline_reason, paid_at,
    expires_at)
SELECT id, reference, pin_hash, kind, listing, session_id, room, start, persons, price, status,
    refund, view, created_at, cancelled_at, confirmed_at, decline_reason, paid_at,
    CASE WHEN status = 'requested'
         THEN strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+48 hours') END
FROM booking;
CREATE TABLE room_night_copy AS SELECT lodging, room, night, booking_id FROM room_night;
DROP TABLE room_night;
DROP TABLE booking;
ALTER TABLE booking_new RENAME TO booking;
CREATE INDEX booking_listing ON booking (listing, start);
CREATE INDEX booking_expiry ON booking (expires_at) WHERE status = 'requested';
CREATE TABLE room_night (
    lodging    TEXT NOT NULL,
    room       TEXT NOT NULL,
    night      TEXT NOT NULL,
    booking_id INTEGER NOT NULL REFERENCES booking (id),
    PRIMARY KEY (lodging, room, night)
) WITHOUT ROWID;
INSERT INTO room_night (lodging, room, night, booking_id)
SELECT lodging, room, night, booking_id FROM room_night_copy;
DROP TABLE room_night_copy;
CREATE INDEX room_night_booking ON room_night (booking_id);
