-- A supervisor stepping into a chat (Genesys): silent monitor, coaching, joined. Kept apart from participations,
-- so a supervisor's part never counts against an agent's capacity or routing.
CREATE TABLE supervisions (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    supervisor_id   INTEGER NOT NULL REFERENCES users(id),
    mode            TEXT    NOT NULL CHECK (mode IN ('Monitoring', 'Coaching', 'Joined', 'Left', 'TookOver', 'Ended')),
    started_at      BIGINT  NOT NULL,
    changed_at      BIGINT  NOT NULL,
    ended_at        BIGINT
);
-- One open supervision per supervisor and chat; switching modes updates it.
CREATE UNIQUE INDEX ux_supervisions_open ON supervisions (conversation_id, supervisor_id) WHERE ended_at IS NULL;

-- Coaching: for the chat's agents and supervisors only. A table of its own, so no read meant for the customer
-- (web chat transcript, outbox, case transcript) can ever pick one up.
CREATE TABLE whispers (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    author_id       INTEGER NOT NULL REFERENCES users(id),
    author_name     TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX ix_whispers_conversation ON whispers (conversation_id, created_at, id);
