-- A customer who goes silent with the bot (issue 11): after bot_silence_minutes without a customer message the bot closes
-- the chat with bot_closing_message (NULL: the default). The deadline is the last inbound message's time plus the minutes,
-- read from stored rows by the dispatcher's sweep, so it holds across restarts. NULL minutes: the bot waits for ever.
ALTER TABLE entry_points ADD COLUMN bot_silence_minutes INTEGER;
ALTER TABLE entry_points ADD COLUMN bot_closing_message TEXT;
