-- Twilio (SMS and WhatsApp): what kind of inbound message a contact sent when it was not text.
-- Only the kind is kept: media URLs, coordinates and WhatsApp profile names are never stored.
-- NULL for text; 'media' for a photo, video, voice note, document, sticker or contact card;
-- 'location' for a shared location.
ALTER TABLE messages
  ADD COLUMN input_kind text,
  ADD CONSTRAINT messages_input_kind_check CHECK (input_kind IN ('media', 'location'));

-- The WhatsApp 24-hour window is read from the contact's newest inbound message:
-- messages_contact_idx (contact_id, id) already finds it.
