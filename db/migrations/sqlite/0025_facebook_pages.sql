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
ALTER TABLE conversations ADD COLUMN linked_conversation_id INTEGER REFERENCES conversations(id);

-- Keyword filters name the public channels they apply to, and may like or retweet by themselves (SQLite cannot change a CHECK).
CREATE TABLE keyword_filters_next (
    id          INTEGER PRIMARY KEY,
    keyword     TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('route', 'ignore', 'auto_reply', 'auto_like', 'auto_retweet')),
    reply_text  TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    channels    TEXT    NOT NULL DEFAULT 'x',
    CHECK (action <> 'auto_reply' OR reply_text IS NOT NULL)
);
INSERT INTO keyword_filters_next (id, keyword, action, reply_text, sort_order, created_at, channels)
    SELECT id, keyword, action, reply_text, sort_order, created_at, 'x' FROM keyword_filters;
DROP TABLE keyword_filters;
ALTER TABLE keyword_filters_next RENAME TO keyword_filters;
