-- The first answer to a creating request is always a 201: the HTTP layer says so, the store
-- keeps only what was made.
ALTER TABLE idempotency DROP COLUMN status;
