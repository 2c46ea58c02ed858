-- Users sign in with one or more roles; API keys let integrations act as a user.
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    user_name           TEXT    NOT NULL,
    normalized_name     TEXT    NOT NULL UNIQUE,
    display_name        TEXT    NOT NULL,
    email               TEXT,
    password_hash       TEXT    NOT NULL,
    failed_sign_ins     INTEGER NOT NULL DEFAULT 0,
    locked_until        BIGINT,
    created_at          BIGINT  NOT NULL
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT    NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    prefix      TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX ix_api_keys_user ON api_keys (user_id);

-- Who changed what, when: every change to customers, cases and settings lands here.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES users(id),
    entity      TEXT    NOT NULL,
    entity_id   BIGINT  NOT NULL,
    action      TEXT    NOT NULL,
    detail      TEXT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id);
