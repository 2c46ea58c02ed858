-- Playback: message text searchable by any fragment (trigram full-text, as customer_search), kept in step by triggers.
CREATE VIRTUAL TABLE message_search USING fts5(text, content = 'messages', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO message_search (rowid, text) SELECT id, text FROM messages;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;

-- Steps of a conversation stored nowhere else (a transfer to a queue names no agent), written in the change's transaction.
CREATE TABLE conversation_timeline (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    actor_id        INTEGER REFERENCES users(id),
    detail          TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX ix_conversation_timeline_conversation ON conversation_timeline (conversation_id, created_at);

-- A transcript e-mail: queued, sent once the SMTP server accepted it, failed with the server's reason (retried until retry_until).
CREATE TABLE transcript_emails (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    recipient       TEXT    NOT NULL,
    requested_by    INTEGER REFERENCES users(id),
    time_zone       TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    next_attempt_at BIGINT,
    retry_until     BIGINT  NOT NULL,
    requested_at    BIGINT  NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX ix_transcript_emails_conversation ON transcript_emails (conversation_id, requested_at);
CREATE INDEX ix_transcript_emails_pending ON transcript_emails (next_attempt_at) WHERE status <> 'sent';
CREATE INDEX ix_participations_conversation_agent ON participations (conversation_id, agent_id, accepted_at);
