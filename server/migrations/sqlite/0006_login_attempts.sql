-- Failed logins counted per user name, known or not, so guessing at names that do not exist is
-- slowed down exactly like guessing at passwords; kept in the database, so every server process
-- shares them. The key is the SHA-256 of the normalised name (a password typed into the name
-- field is not kept in clear). operator.failed_logins / last_failed_at are no longer read.
CREATE TABLE login_attempt (
    username_hash  TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL CHECK (failures >= 0),
    last_failed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_attempt_last ON login_attempt (last_failed_at);

-- `server operator disable`: a disabled operator cannot log in (their sessions are deleted in
-- the same transaction).
ALTER TABLE operator ADD COLUMN disabled_at TEXT;
