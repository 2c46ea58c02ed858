-- Back office filters cases by the queue their chat came through, and a case closed without a customer says how it was resolved.
ALTER TABLE cases ADD COLUMN queue_id BIGINT REFERENCES queues(id);
ALTER TABLE cases ADD COLUMN resolution TEXT;
UPDATE cases SET queue_id = (SELECT v.queue_id FROM conversations v WHERE v.id = cases.conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX ix_cases_queue ON cases (queue_id, created_at);
CREATE INDEX ix_cases_agent ON cases (created_by, created_at);
