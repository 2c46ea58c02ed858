-- The routing engine's state, all of it stored: a restart resumes exactly where it stopped.

-- Where each agent stands. Load is derived from participations; idle_since orders the longest-idle agent first.
CREATE TABLE agent_states (
    user_id                 INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    state                   TEXT    NOT NULL CHECK (state IN ('Offline', 'Available', 'OnBreak', 'RONA', 'PostProcessing')),
    reason_code             TEXT,
    since                   BIGINT  NOT NULL,
    idle_since              BIGINT  NOT NULL,
    post_processing_until   BIGINT
);

CREATE TABLE conversations (
    id                  INTEGER PRIMARY KEY,
    channel             TEXT    NOT NULL,
    customer_id         INTEGER REFERENCES customers(id),
    address             TEXT    NOT NULL,
    queue_id            INTEGER NOT NULL REFERENCES queues(id),
    state               TEXT    NOT NULL CHECK (state IN ('Queued', 'Offered', 'Active', 'WrapUp', 'Closed')),
    owner_id            INTEGER REFERENCES users(id),
    -- Queue order: conversations that come back (reject, lapse, transfer, send to inbox) go first, then the longest waiting.
    returned            INTEGER NOT NULL DEFAULT 0,
    -- Send to Inbox hands the chat to someone else: the sender is skipped until another agent takes it.
    excluded_agent_id   INTEGER REFERENCES users(id),
    waiting_since       BIGINT  NOT NULL,
    source              TEXT,
    -- The customer record was created by this contact: the screen pop offers the new-customer form.
    customer_created    INTEGER NOT NULL DEFAULT 0,
    created_at          BIGINT  NOT NULL,
    ended_at            BIGINT,
    closed_at           BIGINT,
    last_message_at     BIGINT,
    last_message_preview TEXT
);
CREATE INDEX ix_conversations_queue ON conversations (state, queue_id, returned DESC, waiting_since);
CREATE INDEX ix_conversations_customer ON conversations (customer_id, created_at);
CREATE INDEX ix_conversations_open_address ON conversations (channel, address) WHERE state IN ('Queued', 'Offered', 'Active');

-- An agent's part in a conversation: offered, then active (owner or conference guest), then wrap-up, then done.
CREATE TABLE participations (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    agent_id        INTEGER NOT NULL REFERENCES users(id),
    kind            TEXT    NOT NULL CHECK (kind IN ('route', 'transfer', 'conference')),
    state           TEXT    NOT NULL CHECK (state IN ('Offered', 'Active', 'WrapUp', 'Done', 'Rejected', 'Lapsed', 'Revoked', 'Returned')),
    offered_at      BIGINT  NOT NULL,
    expires_at      BIGINT,
    accepted_at     BIGINT,
    ended_at        BIGINT,
    wrapped_up_at   BIGINT,
    read_up_to      BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX ix_participations_agent ON participations (agent_id, state);
CREATE INDEX ix_participations_conversation ON participations (conversation_id, state);
-- One conversation is offered to one agent at a time.
CREATE UNIQUE INDEX ux_participations_one_offer ON participations (conversation_id) WHERE state = 'Offered' AND kind <> 'conference';

CREATE TABLE messages (
    id                  INTEGER PRIMARY KEY,
    conversation_id     INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    channel             TEXT    NOT NULL,
    direction           TEXT    NOT NULL CHECK (direction IN ('in', 'out', 'system')),
    author_kind         TEXT    NOT NULL CHECK (author_kind IN ('customer', 'agent', 'bot', 'system')),
    author_id           INTEGER REFERENCES users(id),
    author_name         TEXT,
    text                TEXT    NOT NULL,
    channel_message_id  TEXT,
    status              TEXT    NOT NULL,
    error               TEXT,
    sent_at             BIGINT  NOT NULL,
    created_at          BIGINT  NOT NULL
);
CREATE INDEX ix_messages_conversation ON messages (conversation_id, sent_at, id);
-- Exactly once: a platform's message id is stored once, however often it is delivered.
CREATE UNIQUE INDEX ux_messages_channel_id ON messages (channel, channel_message_id) WHERE channel_message_id IS NOT NULL;

CREATE TABLE participation_wrapup_reasons (
    participation_id INTEGER NOT NULL REFERENCES participations(id) ON DELETE CASCADE,
    reason_id        INTEGER NOT NULL REFERENCES wrapup_reasons(id),
    PRIMARY KEY (participation_id, reason_id)
);

CREATE TABLE participation_transaction_codes (
    participation_id INTEGER NOT NULL REFERENCES participations(id) ON DELETE CASCADE,
    code_id          INTEGER NOT NULL REFERENCES transaction_codes(id),
    PRIMARY KEY (participation_id, code_id)
);

CREATE TABLE webchat_sessions (
    id              TEXT    PRIMARY KEY,
    visitor_id      TEXT    NOT NULL,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    name            TEXT    NOT NULL,
    email           TEXT,
    source          TEXT,
    customer_created INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL
);
