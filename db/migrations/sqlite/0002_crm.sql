-- The Local CRM: customers known by every identity, their cases, and what admins add to the record.
CREATE TABLE customers (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    notes           TEXT,
    custom_fields   TEXT    NOT NULL DEFAULT '{}',
    search_text     TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

-- One identity belongs to one customer: kind is phone, email, messenger, x or webchat; address is normalised.
CREATE TABLE customer_identities (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    display     TEXT,
    created_at  BIGINT  NOT NULL,
    UNIQUE (kind, address)
);
CREATE INDEX ix_customer_identities_customer ON customer_identities (customer_id);

CREATE TABLE custom_field_definitions (
    id          INTEGER PRIMARY KEY,
    field_key   TEXT    NOT NULL UNIQUE,
    label       TEXT    NOT NULL,
    field_type  TEXT    NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'url', 'picklist')),
    options     TEXT    NOT NULL DEFAULT '[]',
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    subject         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('Open', 'Closed')),
    priority        TEXT    NOT NULL DEFAULT 'Normal' CHECK (priority IN ('Low', 'Normal', 'High', 'Urgent')),
    customer_id     INTEGER REFERENCES customers(id),
    conversation_id BIGINT,
    channel         TEXT,
    transcript      TEXT,
    created_by      INTEGER REFERENCES users(id),
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    closed_at       BIGINT
);
CREATE INDEX ix_cases_customer ON cases (customer_id, created_at);
CREATE INDEX ix_cases_status ON cases (status, created_at);

CREATE TABLE case_notes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    author_id   INTEGER REFERENCES users(id),
    text        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX ix_case_notes_case ON case_notes (case_id);

CREATE TABLE case_history (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users(id),
    action      TEXT    NOT NULL,
    detail      TEXT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX ix_case_history_case ON case_history (case_id);
