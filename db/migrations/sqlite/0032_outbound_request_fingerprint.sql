-- A retried Idempotency-Key must carry the same request: its fingerprint (SHA-256 of the request as JSON) tells a retry from a reuse.
ALTER TABLE outbound_requests ADD COLUMN request_hash TEXT;
