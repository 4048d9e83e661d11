-- The volunteers' inbox: accounts and sessions, the queue's extra columns on handoffs, replies
-- written by volunteers, internal notes, replies held outside the WhatsApp window, settings that
-- admins can change, and the audit log.

-- People who answer in the inbox. The e-mail is unique whatever its case.
CREATE TABLE volunteers (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text        NOT NULL,
  display_name  text        NOT NULL,
  password_hash text        NOT NULL,
  role          text        NOT NULL DEFAULT 'volunteer',
  -- The languages they can answer in: their queue shows these first.
  languages     text[]      NOT NULL DEFAULT '{}',
  -- The inbox's own language for them (fr, ar, en); null: the browser's.
  ui_language   text,
  active        boolean     NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT volunteers_role_check CHECK (role IN ('volunteer', 'admin'))
);
CREATE UNIQUE INDEX volunteers_email_key ON volunteers (lower(email));

-- Signed-in browsers. Only a hash of the cookie's token is stored: a leaked table opens nothing.
CREATE TABLE volunteer_sessions (
  token_hash   text PRIMARY KEY,
  volunteer_id bigint      NOT NULL REFERENCES volunteers (id),
  csrf_token   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX volunteer_sessions_volunteer_idx ON volunteer_sessions (volunteer_id);
CREATE INDEX volunteer_sessions_expires_idx ON volunteer_sessions (expires_at);

-- Failed logins, per account (lower-cased e-mail) and per client address, in a sliding window;
-- a subject with too many failures is locked until locked_until.
CREATE TABLE login_throttle (
  scope             text        NOT NULL,
  subject           text        NOT NULL,
  failures          integer     NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL,
  locked_until      timestamptz,
  PRIMARY KEY (scope, subject),
  CONSTRAINT login_throttle_scope_check CHECK (scope IN ('account', 'ip'))
);

-- What the queue needs to know of a handoff, and who has it.
ALTER TABLE handoffs
  ADD COLUMN channel               text,
  ADD COLUMN language              text,
  ADD COLUMN city                  text,
  ADD COLUMN claimed_by            bigint REFERENCES volunteers (id),
  ADD COLUMN claimed_at            timestamptz,
  -- The first reply of a volunteer: an urgent handoff stays flagged until then.
  ADD COLUMN first_answered_at     timestamptz,
  -- The contact was told that a volunteer will answer (once per handoff).
  ADD COLUMN acknowledged_at       timestamptz,
  -- The one follow-up sent when nobody claimed in time.
  ADD COLUMN follow_up_sent_at     timestamptz,
  -- The on-call supervisor was told of this urgent handoff.
  ADD COLUMN urgent_alerted_at     timestamptz,
  ADD COLUMN urgent_alert_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN outcome               text,
  ADD COLUMN closed_by             bigint REFERENCES volunteers (id);
CREATE INDEX handoffs_claimed_by_idx ON handoffs (claimed_by) WHERE closed_at IS NULL;

-- Outbound messages written by a volunteer (the others are the bot's). The contact never sees
-- who: the message goes out under the service's name.
CREATE TABLE handoff_replies (
  message_id   bigint PRIMARY KEY REFERENCES messages (id),
  handoff_id   bigint NOT NULL REFERENCES handoffs (id),
  volunteer_id bigint NOT NULL REFERENCES volunteers (id)
);
CREATE INDEX handoff_replies_handoff_idx ON handoff_replies (handoff_id);

-- Replies that could not go out yet: WhatsApp refuses free text more than 24 hours after the
-- contact's last message. They are sent when the contact writes again.
CREATE TABLE held_replies (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handoff_id            bigint      NOT NULL REFERENCES handoffs (id),
  contact_id            bigint      NOT NULL REFERENCES contacts (id),
  volunteer_id          bigint      NOT NULL REFERENCES volunteers (id),
  body                  text        NOT NULL,
  language              text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  -- When the approved template asking the contact to write back was requested.
  template_requested_at timestamptz,
  released_at           timestamptz,
  message_id            bigint REFERENCES messages (id)
);
CREATE INDEX held_replies_waiting_idx ON held_replies (contact_id, id) WHERE released_at IS NULL;

-- Internal notes: read by volunteers only, never sent.
CREATE TABLE handoff_notes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handoff_id bigint      NOT NULL REFERENCES handoffs (id),
  contact_id bigint      NOT NULL REFERENCES contacts (id),
  author_id  bigint      NOT NULL REFERENCES volunteers (id),
  kind       text        NOT NULL DEFAULT 'note',
  body       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT handoff_notes_kind_check CHECK (kind IN ('note', 'handover', 'transfer_request'))
);
CREATE INDEX handoff_notes_contact_idx ON handoff_notes (contact_id, id);

-- Inbox settings changed by admins (issue 8); a missing row means the environment's value.
CREATE TABLE inbox_settings (
  name       text PRIMARY KEY,
  value      text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES volunteers (id)
);

-- Who did what to which conversation, and who read what. Never message bodies.
CREATE TABLE audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor_id   bigint REFERENCES volunteers (id),
  action     text        NOT NULL,
  contact_id bigint REFERENCES contacts (id),
  handoff_id bigint REFERENCES handoffs (id),
  detail     text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_contact_idx ON audit_log (contact_id, at) WHERE contact_id IS NOT NULL;
