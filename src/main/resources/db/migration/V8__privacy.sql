-- Privacy by default (issue 6): protected addresses, consent, erasure, retention.

-- Addresses are never stored in clear. A contact is found by a keyed hash of channel and address
-- (HMAC-SHA256), and the address needed to reply is stored encrypted (AES-GCM); address_key names
-- the key both were made with, so that keys can rotate. Migration 8.1 (Java: it needs the key)
-- fills these columns from `address`, then drops it.
ALTER TABLE contacts
  ADD COLUMN address_hash   text,
  ADD COLUMN address_secret text,
  ADD COLUMN address_key    text,
  ALTER COLUMN address DROP NOT NULL,
  DROP CONSTRAINT contacts_channel_address_key;

-- Consent: when the short notice was shown, and when the contact agreed by writing again after it.
-- Erasure: when the contact asked (the next message confirms or cancels), and when their data was
-- erased at their request (the row only waits for the confirmation to be sent, then goes).
ALTER TABLE contacts
  ADD COLUMN notice_shown_at  timestamptz,
  ADD COLUMN consented_at     timestamptz,
  ADD COLUMN erasure_asked_at timestamptz,
  ADD COLUMN erased_at        timestamptz;
CREATE INDEX contacts_erased_idx ON contacts (erased_at) WHERE erased_at IS NOT NULL;

-- What deleted data leaves behind: anonymous counts for statistics, nothing that names a person.
-- kind: contact, message_in, message_out, handoff, note.
CREATE TABLE tombstones (
  day      date   NOT NULL,
  channel  text   NOT NULL,
  language text   NOT NULL DEFAULT '',
  topic    text   NOT NULL DEFAULT '',
  kind     text   NOT NULL,
  count    bigint NOT NULL,
  PRIMARY KEY (day, channel, language, topic, kind)
);

-- The retention job's scans.
CREATE INDEX conversations_last_activity_idx ON conversations (last_activity_at);
CREATE INDEX handoffs_closed_idx ON handoffs (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX outbox_finished_created_idx ON outbox (created_at) WHERE status IN ('sent', 'failed');
CREATE INDEX handoff_notes_handoff_idx ON handoff_notes (handoff_id);
CREATE INDEX held_replies_handoff_idx ON held_replies (handoff_id);
CREATE INDEX audit_log_handoff_idx ON audit_log (handoff_id) WHERE handoff_id IS NOT NULL;
