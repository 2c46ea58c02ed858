-- Reports read stretches and chats overlapping a window: those that ended after its start (or are still open) and began before its end.
CREATE INDEX ix_agent_state_history_ended ON agent_state_history (ended_at);
CREATE INDEX ix_participations_ended ON participations (ended_at);
-- The first agent reply of each conversation, without reading its customer and system messages.
CREATE INDEX ix_messages_agent_reply ON messages (conversation_id, sent_at) WHERE author_kind = 'agent';
