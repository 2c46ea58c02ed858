-- Business hours on the queue itself (issue 11): a chat entering a closed queue waits, told once per period, until it opens.
-- NULL business_hours_id: always open; closed_message NULL: the entry point's outside-hours message, else a default.
ALTER TABLE queues ADD COLUMN business_hours_id BIGINT REFERENCES business_hours(id);
ALTER TABLE queues ADD COLUMN closed_message TEXT;
