-- Administration: every catalog is ordered and retired, never deleted, so old cases and reports still read it.
ALTER TABLE queues ADD COLUMN service_level_seconds INTEGER NOT NULL DEFAULT 60;
-- Off by default (8x8): when on, Submit Wrap Up files the transcript as a case, as if the agent pressed Save to CRM.
ALTER TABLE queues ADD COLUMN save_transcript_at_wrapup INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queues ADD COLUMN retired_at BIGINT;

ALTER TABLE skills ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

ALTER TABLE wrapup_reasons ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE wrapup_reasons SET position = id;
ALTER TABLE transaction_codes ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE transaction_codes SET position = id;

ALTER TABLE faq_answers ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE faq_answers ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE faq_answers ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE faq_answers SET position = id;
-- An answer may serve several queues (none: every queue).
CREATE TABLE faq_answer_queues (
    faq_id   INTEGER NOT NULL REFERENCES faq_answers(id) ON DELETE CASCADE,
    queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    PRIMARY KEY (faq_id, queue_id)
);
INSERT INTO faq_answer_queues (faq_id, queue_id) SELECT id, queue_id FROM faq_answers WHERE queue_id IS NOT NULL;

-- Break reasons were a setting (Crm:Routing:BreakReasons); the first start copies them here.
CREATE TABLE break_reasons (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE,
    active   INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0
);

-- Per agent, overrides Crm:Routing:RejectPolicy for rejects and missed offers.
ALTER TABLE agent_profiles ADD COLUMN reject_policy TEXT CHECK (reject_policy IN ('OnBreak', 'RONA'));

-- A deactivated user cannot sign in; the stamp goes up on every change that must end their sessions.
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;
ALTER TABLE users ADD COLUMN security_stamp INTEGER NOT NULL DEFAULT 0;
