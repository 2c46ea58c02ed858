-- Outgoing webhooks (issue 17): endpoints an admin registers, and the durable outbox of deliveries to them.
-- The secret is stored protected with Data Protection; only its last characters are kept in clear, to show which one is set.
CREATE TABLE webhook_endpoints (
    id              INTEGER PRIMARY KEY,
    url             TEXT    NOT NULL,
    events          TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    secret_hint     TEXT    NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

-- One row per event and endpoint, written in the transaction of the change that caused it. event_id is the stable id
-- receivers dedupe on; body is the exact JSON sent (and signed) on every attempt.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id        TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    conversation_id INTEGER,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('Pending', 'Retrying', 'Delivered', 'Failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    response_code   INTEGER,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    -- The retry window counts from here: the first attempt, or the admin's Redeliver.
    retry_from      BIGINT  NOT NULL,
    delivered_at    BIGINT
);
CREATE UNIQUE INDEX ux_webhook_deliveries_event ON webhook_deliveries (endpoint_id, event_id);
-- The sweep's read: what is still to send, soonest first.
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
-- In order per conversation: the earlier unsettled delivery of the same endpoint and conversation goes first.
CREATE INDEX ix_webhook_deliveries_chain ON webhook_deliveries (endpoint_id, conversation_id, id);
