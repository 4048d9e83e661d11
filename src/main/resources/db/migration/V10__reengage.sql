-- The message that asked the contact to write back for a held reply (an approved WhatsApp
-- template, sent through the outbox). When its delivery fails, the next held reply asks again.
-- Retention may delete the message before the held reply: the link is then forgotten.
ALTER TABLE held_replies
  ADD COLUMN template_message_id bigint REFERENCES messages (id) ON DELETE SET NULL;
