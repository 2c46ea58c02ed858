-- The reports' rollup: one row per settled conversation (closed, and every agent's post processing over), written in the
-- transaction that settles it and rebuilt at start-up for any settled one without a row. Names, thresholds and customers are
-- joined when read, so renaming a queue, a reason or an agent shows at once; what is stored here no longer changes.
CREATE TABLE report_conversations (
    conversation_id    INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    created_at         BIGINT  NOT NULL,
    queue_id           INTEGER NOT NULL,
    channel            TEXT    NOT NULL,
    ended_at           BIGINT,
    closed_at          BIGINT,
    answered_at        BIGINT,
    first_response_at  BIGINT,
    transfers          INTEGER NOT NULL DEFAULT 0,
    answered           INTEGER NOT NULL DEFAULT 0,
    abandoned          INTEGER NOT NULL DEFAULT 0,
    transferred        INTEGER NOT NULL DEFAULT 0,
    wrapped_up         INTEGER NOT NULL DEFAULT 0,
    wait_ms            BIGINT,
    first_response_ms  BIGINT,
    handle_ms          BIGINT,
    post_processing_ms BIGINT,
    settled_at         BIGINT  NOT NULL
);
-- Every report reads a window of arrivals; the speed report's durations come from the index alone.
CREATE INDEX ix_report_conversations_created ON report_conversations (created_at, wait_ms, first_response_ms, handle_ms, post_processing_ms);

-- Each agent's accepted part of a settled conversation, with the end of the post processing it ended in.
CREATE TABLE report_conversation_agents (
    id                  INTEGER PRIMARY KEY,
    conversation_id     INTEGER NOT NULL REFERENCES report_conversations(conversation_id) ON DELETE CASCADE,
    agent_id            INTEGER NOT NULL REFERENCES users(id),
    kind                TEXT    NOT NULL,
    accepted_at         BIGINT  NOT NULL,
    ended_at            BIGINT,
    post_processing_end BIGINT
);
CREATE INDEX ix_report_conversation_agents_conversation ON report_conversation_agents (conversation_id);
CREATE INDEX ix_report_conversation_agents_agent ON report_conversation_agents (agent_id, conversation_id);

-- The wrap-up reasons and transaction codes a settled conversation was given, each once.
CREATE TABLE report_conversation_wrapups (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES report_conversations(conversation_id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('reason', 'code')),
    item_id         INTEGER NOT NULL,
    UNIQUE (conversation_id, kind, item_id)
);

-- The conversations the reports still read live: those not closed yet (closed ones are few to settle, found by their agents).
CREATE INDEX ix_conversations_unsettled ON conversations (created_at) WHERE state <> 'Closed';
