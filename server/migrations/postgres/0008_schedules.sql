-- Operators schedule their own sessions: a session may come from a series (the store adds them
-- a horizon ahead) and may be cancelled; a night may be closed by its host (no booking then);
-- a listing may be retired (hidden from browsing, its history kept).
ALTER TABLE session ADD COLUMN series TEXT;
ALTER TABLE session ADD COLUMN cancelled_at TEXT;
CREATE INDEX session_program ON session (school, program, start);

ALTER TABLE room_night ALTER COLUMN booking_id DROP NOT NULL;
ALTER TABLE room_night ADD COLUMN closure TEXT;
ALTER TABLE room_night ADD CONSTRAINT room_night_booked_or_closed
    CHECK ((booking_id IS NULL) <> (closure IS NULL));

ALTER TABLE listing ADD COLUMN retired_at TEXT;
