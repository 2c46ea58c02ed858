-- Which rollup rows are in report_hours too: rows written before it (0) are filled by the start-up fill, and until none is left the
-- reports read the rows themselves, so figures stay whole meanwhile.
ALTER TABLE report_conversations ADD COLUMN in_hours BIGINT NOT NULL DEFAULT 0;
CREATE INDEX ix_report_conversations_hours_pending ON report_conversations (conversation_id) WHERE in_hours = 0;
-- The longest a settled conversation's part ended after its arrival: a part held at a window's start belongs to an hour at most that
-- long before it, so the agents report reads report_hours from there.
ALTER TABLE report_rollup_bounds ADD COLUMN longest_span_ms BIGINT NOT NULL DEFAULT 0;
