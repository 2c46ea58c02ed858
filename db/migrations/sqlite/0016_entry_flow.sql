-- The entry flow (issue 11): what happens to an inbound message before its queue. Business hours, special days,
-- emergency switches and the bot are set per entry point; a conversation that must wait stores why and until when.

-- Weekly opening slots in an IANA time zone; slots is JSON [{day, open, close}], close <= open runs past midnight.
CREATE TABLE business_hours (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL,
    slots       TEXT    NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

-- A holiday or a day with changed hours, read in the business hours' time zone; no business hours = every schedule.
CREATE TABLE special_days (
    id                  INTEGER PRIMARY KEY,
    business_hours_id   INTEGER REFERENCES business_hours(id),
    date                TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    closed              INTEGER NOT NULL,
    open_at             TEXT,
    close_at            TEXT,
    message             TEXT    NOT NULL,
    repeats_yearly      INTEGER NOT NULL DEFAULT 0,
    retired             INTEGER NOT NULL DEFAULT 0,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    CHECK (closed = 1 OR (open_at IS NOT NULL AND close_at IS NOT NULL))
);
CREATE INDEX ix_special_days_date ON special_days (date) WHERE retired = 0;

-- Which queue a channel (and optionally one page, number or X account: the address) feeds, and what runs before it.
CREATE TABLE entry_points (
    id                      INTEGER PRIMARY KEY,
    channel                 TEXT    NOT NULL,
    address                 TEXT,
    queue_id                INTEGER NOT NULL REFERENCES queues(id),
    business_hours_id       INTEGER REFERENCES business_hours(id),
    outside_hours_message   TEXT    NOT NULL,
    special_day_message     TEXT,
    reply_mode              TEXT    NOT NULL DEFAULT 'public' CHECK (reply_mode IN ('public', 'private')),
    route_anyway            INTEGER NOT NULL DEFAULT 0,
    bot                     TEXT    NOT NULL DEFAULT 'none' CHECK (bot IN ('none', 'builtin', 'external')),
    bot_url                 TEXT,
    bot_secret              TEXT,
    bot_greeting            TEXT,
    bot_max_misses          INTEGER NOT NULL DEFAULT 2,
    bot_max_messages        INTEGER NOT NULL DEFAULT 5,
    retired                 INTEGER NOT NULL DEFAULT 0,
    created_at              BIGINT  NOT NULL,
    updated_at              BIGINT  NOT NULL
);
CREATE UNIQUE INDEX ux_entry_points_route ON entry_points (channel, COALESCE(address, '')) WHERE retired = 0;

-- The emergency switches: scope 0 is every entry point, any other scope one entry point's id.
CREATE TABLE emergencies (
    scope           INTEGER PRIMARY KEY,
    active          INTEGER NOT NULL,
    message         TEXT    NOT NULL,
    hold_routing    INTEGER NOT NULL DEFAULT 0,
    changed_at      BIGINT  NOT NULL,
    changed_by      INTEGER REFERENCES users(id)
);

-- A conversation waits before its queue while hold is set (closed, special_day, emergency, bot); held_until is when
-- the entry point opens (NULL: until someone switches something); entry_notice names the period last told to the customer.
ALTER TABLE conversations ADD COLUMN entry_point_id INTEGER REFERENCES entry_points(id);
ALTER TABLE conversations ADD COLUMN hold TEXT;
ALTER TABLE conversations ADD COLUMN held_until BIGINT;
ALTER TABLE conversations ADD COLUMN entry_notice TEXT;
ALTER TABLE conversations ADD COLUMN bot_turns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN bot_misses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN bot_seen_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN bot_done INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_conversations_held ON conversations (hold, held_until) WHERE hold IS NOT NULL;
