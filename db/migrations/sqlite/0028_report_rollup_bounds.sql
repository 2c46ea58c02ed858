-- The longest accepted part any settled conversation had: chats an agent held across a report's start were accepted at most
-- that long before it, so the agents report reads the rollup's parts from that instant on, not every part ended after its start.
CREATE TABLE report_rollup_bounds (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    longest_part_ms BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO report_rollup_bounds (id, longest_part_ms) VALUES (1, 0);
CREATE INDEX ix_report_conversation_agents_accepted ON report_conversation_agents (accepted_at, ended_at);
