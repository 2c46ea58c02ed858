-- Facebook page comments: an edited or removed comment keeps its first text, so playback shows what the customer wrote.
ALTER TABLE messages ADD COLUMN original_text TEXT;
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN removed_at BIGINT;
-- A public action (like, hide, unhide, retweet, private reply) is a line of the thread the outbox sends, on the object it names.
ALTER TABLE messages ADD COLUMN public_action TEXT;
ALTER TABLE messages ADD COLUMN target_id TEXT;

-- The page or account a conversation came in on: a Facebook private reply goes out through /{page-id}/messages.
ALTER TABLE conversations ADD COLUMN business_address TEXT;
-- The Messenger conversation a private reply to a comment led to points at the comment's conversation.
ALTER TABLE conversations ADD COLUMN linked_conversation_id BIGINT REFERENCES conversations(id);

-- Keyword filters name the public channels they apply to, and may like or retweet by themselves.
ALTER TABLE keyword_filters DROP CONSTRAINT keyword_filters_action_check;
ALTER TABLE keyword_filters ADD CONSTRAINT keyword_filters_action_check
    CHECK (action IN ('route', 'ignore', 'auto_reply', 'auto_like', 'auto_retweet'));
ALTER TABLE keyword_filters ADD COLUMN channels TEXT NOT NULL DEFAULT 'x';
