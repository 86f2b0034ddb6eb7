-- Listings are kept as the JSON documents of the model types, so `server export` reproduces
-- public/data/*.json exactly; what changes under bookings lives in normalised tables, where
-- constraints hold the integrity promises even if code were wrong.

CREATE TABLE listing (
    collection TEXT NOT NULL,            -- schools, lodgings, products, batches, attractions, events, projects
    key        TEXT NOT NULL,            -- slug (id for batches)
    position   INTEGER NOT NULL,         -- order in the snapshot
    doc        TEXT NOT NULL,            -- JSON of the model type
    PRIMARY KEY (collection, key)
) WITHOUT ROWID;

-- Places in a school session, counted in persons.
CREATE TABLE session (
    id       TEXT PRIMARY KEY,
    school   TEXT NOT NULL,
    program  TEXT NOT NULL,
    start    TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    booked   INTEGER NOT NULL CHECK (booked >= 0 AND booked <= capacity)
) WITHOUT ROWID;

-- Units of a product variant.
CREATE TABLE variant (
    sku     TEXT PRIMARY KEY,
    product TEXT NOT NULL,
    stock   INTEGER NOT NULL CHECK (stock >= 0)
) WITHOUT ROWID;

-- Money of a donation project: raised is confirmed, pledged is promised.
CREATE TABLE project_total (
    project TEXT PRIMARY KEY,
    raised  INTEGER NOT NULL CHECK (raised >= 0),
    pledged INTEGER NOT NULL CHECK (pledged >= 0),
    donors  INTEGER NOT NULL CHECK (donors >= 0)
) WITHOUT ROWID;

CREATE TABLE booking (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,     -- 8 characters, no prefix or dashes
    pin_hash   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('school', 'lodging')),
    listing    TEXT NOT NULL,            -- school or lodging slug
    session_id TEXT REFERENCES session (id),
    room       TEXT,
    start      TEXT NOT NULL,            -- session start or check-in
    persons    INTEGER NOT NULL CHECK (persons > 0),
    price      INTEGER NOT NULL CHECK (price >= 0),
    status     TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled')),
    refund     INTEGER,
    view       TEXT NOT NULL,            -- JSON of model::Booking as first answered, without PIN
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    CHECK ((kind = 'school') = (session_id IS NOT NULL)),
    CHECK ((kind = 'lodging') = (room IS NOT NULL))
);

-- A room night is sold once: the primary key is the promise.
CREATE TABLE room_night (
    lodging    TEXT NOT NULL,
    room       TEXT NOT NULL,
    night      TEXT NOT NULL,
    booking_id INTEGER NOT NULL REFERENCES booking (id),
    PRIMARY KEY (lodging, room, night)
) WITHOUT ROWID;
CREATE INDEX room_night_booking ON room_night (booking_id);

CREATE TABLE purchase (                 -- an order ("order" is an SQL keyword)
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    pin_hash   TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('placed', 'cancelled')),
    total      INTEGER NOT NULL CHECK (total >= 0),
    view       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
);

CREATE TABLE purchase_line (
    purchase_id INTEGER NOT NULL REFERENCES purchase (id),
    sku         TEXT NOT NULL REFERENCES variant (sku),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    unit_price  INTEGER NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (purchase_id, sku)
) WITHOUT ROWID;

CREATE TABLE donation (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    pin_hash   TEXT NOT NULL,
    project    TEXT NOT NULL REFERENCES project_total (project),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    status     TEXT NOT NULL CHECK (status IN ('pledged', 'confirmed', 'cancelled')),
    view       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
);

-- The first answer to each Idempotency-Key, per endpoint; kept 24 hours.
CREATE TABLE idempotency (
    endpoint     TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (endpoint, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_created ON idempotency (created_at);
