-- Public posts (X mentions, Genesys seed): a conversation can be public, answered in public under the post it came from.
ALTER TABLE conversations ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN post_id TEXT;

-- What happens to a public post that contains a keyword: routed to an agent, ignored, or answered automatically.
CREATE TABLE keyword_filters (
    id          INTEGER PRIMARY KEY,
    keyword     TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('route', 'ignore', 'auto_reply')),
    reply_text  TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    CHECK (action <> 'auto_reply' OR reply_text IS NOT NULL)
);

-- Where a reply goes is decided when it is written: under the post (public) or as a private message.
ALTER TABLE messages ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
