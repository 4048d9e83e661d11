-- Delivery: what the providers said about each outbound message, the state of the rate limits
-- that every instance shares, and the outbox's record of crashed sends.

-- The provider's view of an outbound message. provider_message_id (already there for inbound
-- messages) holds the provider's id of a sent message; status callbacks find the message by it.
ALTER TABLE messages
  ADD COLUMN delivery_status     text,
  ADD COLUMN delivery_error_code text,
  ADD COLUMN delivery_status_at  timestamptz,
  ADD COLUMN segments            integer,
  ADD CONSTRAINT messages_delivery_status_check
    CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'undelivered'));
-- Not unique: a message sent twice after a crash has two provider ids, and only the last is kept.
CREATE INDEX messages_outbound_provider_idx
  ON messages (channel, provider_message_id) WHERE direction = 'out' AND provider_message_id IS NOT NULL;

-- How many times a worker took the row over after another's lease ran out (its instance died
-- while sending). A row taken over is "in doubt": the provider may already have it.
ALTER TABLE outbox ADD COLUMN takeovers integer NOT NULL DEFAULT 0;
-- When a worker first claimed the row: no copy the provider created before it can be this row's
-- (an earlier reply with the same text, to the same contact, was sent before it).
ALTER TABLE outbox ADD COLUMN first_claimed_at timestamptz;
-- The worker claims each channel's unfinished rows oldest first; sent rows are never scanned.
CREATE INDEX outbox_channel_unfinished_idx ON outbox (channel, id) WHERE status IN ('pending', 'sending');

-- Rate limits shared by every instance, as a "theoretical arrival time" (GCRA, a token bucket
-- kept as one timestamp): a sender may send while tat <= now() + (burst - 1) * interval, and each
-- message sent pushes tat one interval further.
CREATE TABLE send_pace (
  sender text PRIMARY KEY,
  tat    timestamptz NOT NULL
);
-- The same per contact, for channels that cap what one chat receives (Telegram).
CREATE TABLE contact_pace (
  contact_id bigint PRIMARY KEY REFERENCES contacts (id),
  tat        timestamptz NOT NULL
);

-- Status callbacks that arrived before the message's provider id was recorded (the provider can
-- be faster than our commit). Recording the id applies them; the worker deletes old ones.
CREATE TABLE delivery_receipts (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel             text        NOT NULL,
  provider_message_id text        NOT NULL,
  status              text        NOT NULL,
  error_code          text,
  received_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_receipts_provider_idx ON delivery_receipts (channel, provider_message_id);
CREATE INDEX delivery_receipts_received_idx ON delivery_receipts (received_at);
