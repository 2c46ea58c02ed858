-- Outbound conversations (issue 12): who started the conversation. 'customer' for every inbound one; 'agent' from the desktop or the
-- customer page; 'integration' by an API key. started_by_user_id is that agent, or the user the API key acts as.
ALTER TABLE conversations ADD COLUMN started_by TEXT NOT NULL DEFAULT 'customer' CHECK (started_by IN ('customer', 'agent', 'integration'));
ALTER TABLE conversations ADD COLUMN started_by_user_id INTEGER REFERENCES users(id);

-- A WhatsApp template message: {name, language, parameters, header...} as sent (JSON); text holds the rendered body people read.
ALTER TABLE messages ADD COLUMN template TEXT;

-- The business's approved WhatsApp message templates, typed in by an admin or synced from the Cloud API (GET /{WABA-ID}/message_templates).
CREATE TABLE whatsapp_templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    category    TEXT    NOT NULL CHECK (category IN ('MARKETING', 'UTILITY', 'AUTHENTICATION')),
    body        TEXT    NOT NULL,
    header_text TEXT,
    buttons     TEXT    NOT NULL DEFAULT '[]',
    status      TEXT    NOT NULL DEFAULT 'APPROVED',
    source      TEXT    NOT NULL DEFAULT 'admin' CHECK (source IN ('admin', 'sync')),
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (name, language)
);

-- POST /api/outbound with an Idempotency-Key: a retry of the same key by the same user answers the conversation the first call opened.
CREATE TABLE outbound_requests (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    idempotency_key TEXT    NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    message_id      INTEGER NOT NULL,
    customer_id     INTEGER NOT NULL,
    customer_created INTEGER NOT NULL DEFAULT 0 CHECK (customer_created IN (0, 1)),
    created_at      INTEGER NOT NULL,
    UNIQUE (user_id, idempotency_key)
);
