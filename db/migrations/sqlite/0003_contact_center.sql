-- What admins configure for the contact center: skills, queues, agents' profiles, wrap-up, FAQ.
CREATE TABLE skills (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE
);

CREATE TABLE queues (
    id                          INTEGER PRIMARY KEY,
    name                        TEXT    NOT NULL UNIQUE,
    acceptance_seconds          INTEGER,
    post_processing_seconds     INTEGER,
    transaction_codes_mandatory INTEGER NOT NULL DEFAULT 0,
    enabled                     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE queue_skills (
    queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    PRIMARY KEY (queue_id, skill_id)
);

CREATE TABLE queue_members (
    queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (queue_id, user_id)
);
CREATE INDEX ix_queue_members_user ON queue_members (user_id);

-- Routing settings per agent: how many chats at once (8x8 allows up to 6) and whether Reject is enabled.
CREATE TABLE agent_profiles (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    capacity    INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 6),
    can_reject  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agent_skills (
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    level    INTEGER NOT NULL DEFAULT 5,
    PRIMARY KEY (user_id, skill_id)
);

CREATE TABLE wrapup_reasons (
    id      INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL UNIQUE,
    active  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE transaction_codes (
    id      INTEGER PRIMARY KEY,
    code    TEXT    NOT NULL UNIQUE,
    name    TEXT    NOT NULL,
    active  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE faq_answers (
    id          INTEGER PRIMARY KEY,
    question    TEXT    NOT NULL,
    answer      TEXT    NOT NULL,
    queue_id    INTEGER REFERENCES queues(id) ON DELETE SET NULL
);

CREATE TABLE case_wrapup_reasons (
    case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    reason_id INTEGER NOT NULL REFERENCES wrapup_reasons(id),
    PRIMARY KEY (case_id, reason_id)
);

CREATE TABLE case_transaction_codes (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES transaction_codes(id),
    PRIMARY KEY (case_id, code_id)
);
