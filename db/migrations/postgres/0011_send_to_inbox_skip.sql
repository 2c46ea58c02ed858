-- Send to Inbox skips the sender only until this stored deadline (Crm:Routing:SendToInboxSkipSeconds): the sweep then
-- offers the chat to them again, so a chat handed back while nobody else is there is never stuck.
ALTER TABLE conversations ADD COLUMN excluded_until BIGINT;
