-- Every state change the desktops must see, appended in the change's own transaction and streamed over SSE.
-- AUTOINCREMENT: pruning may empty the table, and an id handed out once must never come back (clients resume by id).
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    audience    TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX ix_events_audience ON events (audience, id);
