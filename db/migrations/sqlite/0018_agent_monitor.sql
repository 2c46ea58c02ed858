-- The supervisor's monitor: every agent's state intervals, desktops' presence, and what the monitor counts "today".

-- One row per stretch in one state, written in the state change's own transaction; ended_at is NULL while it lasts.
CREATE TABLE agent_state_history (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    state       TEXT    NOT NULL,
    reason_code TEXT,
    cause       TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    started_at  BIGINT  NOT NULL,
    ended_at    BIGINT
);
CREATE INDEX ix_agent_state_history_user ON agent_state_history (user_id, started_at);
CREATE INDEX ix_agent_state_history_at ON agent_state_history (started_at);
-- Each agent has at most one open interval; closing it is a look-up, not a scan of their history.
CREATE UNIQUE INDEX ux_agent_state_history_open ON agent_state_history (user_id) WHERE ended_at IS NULL;

-- Whether an agent's desktop is there: connected while a stream is open on some node (refreshed by each node's sweep),
-- last_seen when one was last known open, disconnected_at once every stream has been gone for DisconnectSeconds.
CREATE TABLE agent_presence (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    connected       INTEGER NOT NULL DEFAULT 0,
    last_seen       BIGINT  NOT NULL,
    disconnected_at BIGINT
);

-- Today's offers per agent, today's chats per queue, the last minute's inbound messages, the audit by time.
CREATE INDEX ix_participations_offered_at ON participations (offered_at);
CREATE INDEX ix_conversations_created_at ON conversations (created_at);
CREATE INDEX ix_messages_inbound_at ON messages (created_at) WHERE direction = 'in';
CREATE INDEX ix_audit_log_at ON audit_log (created_at);
-- The chats each agent holds now, without reading every participation ever made.
CREATE INDEX ix_participations_held ON participations (agent_id) WHERE state IN ('Offered', 'Active');
