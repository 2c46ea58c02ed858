-- The dispatcher's sweep looks every few seconds for offers past their interval and replies still queued:
-- partial indexes keep that a look at the few open ones instead of a scan of all history.
CREATE INDEX ix_participations_open_offers ON participations (expires_at) WHERE state = 'Offered';
CREATE INDEX ix_messages_queued ON messages (created_at) WHERE status = 'queued';
