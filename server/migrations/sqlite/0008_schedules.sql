-- Operators schedule their own sessions: a session may come from a series (the store adds them
-- a horizon ahead) and may be cancelled; a night may be closed by its host (no booking then);
-- a listing may be retired (hidden from browsing, its history kept).
ALTER TABLE session ADD COLUMN series TEXT;
ALTER TABLE session ADD COLUMN cancelled_at TEXT;
CREATE INDEX session_program ON session (school, program, start);

CREATE TABLE room_night_new (
    lodging    TEXT NOT NULL,
    room       TEXT NOT NULL,
    night      TEXT NOT NULL,
    booking_id INTEGER REFERENCES booking (id),
    closure    TEXT,                      -- the host's reason, when the night is closed
    PRIMARY KEY (lodging, room, night),
    CHECK ((booking_id IS NULL) <> (closure IS NULL))
) WITHOUT ROWID;
INSERT INTO room_night_new (lodging, room, night, booking_id)
SELECT lodging, room, night, booking_id FROM room_night;
DROP TABLE room_night;
ALTER TABLE room_night_new RENAME TO room_night;
CREATE INDEX room_night_booking ON room_night (booking_id);

ALTER TABLE listing ADD COLUMN retired_at TEXT;
