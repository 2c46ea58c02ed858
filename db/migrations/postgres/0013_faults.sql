-- Faults (issue 16). A reply the platform refused is "retrying" until its next attempt (shown to the agent), counted per attempt;
-- the sweep re-arms a retry whose job is gone by next_attempt_at.
ALTER TABLE messages ADD COLUMN next_attempt_at BIGINT;
ALTER TABLE messages ADD COLUMN send_attempts BIGINT NOT NULL DEFAULT 0;
CREATE INDEX ix_messages_retrying ON messages (next_attempt_at) WHERE status = 'retrying';
-- /healthz writes (and drops) 64 KiB here while writes fail, to see when space returns.
CREATE TABLE write_probe (data BYTEA NOT NULL);
