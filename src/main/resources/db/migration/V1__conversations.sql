-- Dalil's storage: contacts, their conversation state, every message in and out, and the outbox
-- that delivers replies. PostgreSQL only.

-- One row per person per channel. The clear address is read and written by ContactDao alone, so
-- that storing it hashed and encrypted later changes one class.
CREATE TABLE contacts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel        text        NOT NULL,
  address        text        NOT NULL,
  address_masked text        NOT NULL,
  language       text,
  opted_out_at   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contacts_channel_address_key UNIQUE (channel, address)
);

-- The sources of every flow set a conversation may run on, so that a conversation keeps its
-- version across restarts and on every instance.
CREATE TABLE flow_versions (
  version    text PRIMARY KEY,
  sources    jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The current conversation of a contact: a stored ConversationState.
CREATE TABLE conversations (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id       bigint      NOT NULL REFERENCES contacts (id),
  flow_version     text        NOT NULL REFERENCES flow_versions (version),
  flow             text,
  node             text,
  language         text,
  variables        jsonb       NOT NULL DEFAULT '{}',
  misses           integer     NOT NULL DEFAULT 0,
  status           text        NOT NULL,
  path             jsonb       NOT NULL DEFAULT '[]',
  started_at       timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT conversations_contact_key UNIQUE (contact_id),
  CONSTRAINT conversations_status_check CHECK (status IN ('active', 'handoff', 'ended', 'stopped'))
);
CREATE INDEX conversations_flow_version_idx ON conversations (flow_version);

CREATE TABLE messages (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id          bigint      NOT NULL REFERENCES contacts (id),
  direction           text        NOT NULL,
  channel             text        NOT NULL,
  provider_message_id text,
  body                text        NOT NULL DEFAULT '',
  -- For an outbound message: the inbound message it answers.
  in_reply_to         bigint REFERENCES messages (id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messages_direction_check CHECK (direction IN ('in', 'out')),
  CONSTRAINT messages_inbound_has_provider_id CHECK (direction = 'out' OR provider_message_id IS NOT NULL)
);
-- Deduplication of webhook deliveries: a provider may deliver the same message twice.
CREATE UNIQUE INDEX messages_inbound_provider_key
  ON messages (channel, provider_message_id) WHERE direction = 'in';
CREATE INDEX messages_contact_idx ON messages (contact_id, id);
CREATE INDEX messages_in_reply_to_idx ON messages (in_reply_to) WHERE in_reply_to IS NOT NULL;

-- Replies waiting to be sent. payload is the rendered OutboundMessage; last_error describes the
-- failure only, never the body.
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id      bigint      NOT NULL REFERENCES messages (id),
  contact_id      bigint      NOT NULL REFERENCES contacts (id),
  channel         text        NOT NULL,
  payload         jsonb       NOT NULL,
  status          text        NOT NULL DEFAULT 'pending',
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- While 'sending': after this time the claim is considered abandoned (crashed instance).
  locked_until    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  CONSTRAINT outbox_message_key UNIQUE (message_id),
  CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'))
);
CREATE INDEX outbox_pending_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_sending_lease_idx ON outbox (locked_until) WHERE status = 'sending';
-- Per-contact order: "is an older row of this contact still unfinished?"
CREATE INDEX outbox_contact_unfinished_idx ON outbox (contact_id, id) WHERE status IN ('pending', 'sending');

-- Conversations waiting for or with a volunteer.
CREATE TABLE handoffs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id bigint      NOT NULL REFERENCES conversations (id),
  contact_id      bigint      NOT NULL REFERENCES contacts (id),
  topic           text        NOT NULL,
  urgent          boolean     NOT NULL DEFAULT false,
  summary         text        NOT NULL DEFAULT '',
  opened_at       timestamptz NOT NULL DEFAULT now(),
  closed_at       timestamptz
);
CREATE UNIQUE INDEX handoffs_one_open_per_contact ON handoffs (contact_id) WHERE closed_at IS NULL;
-- The volunteers' queue: open handoffs, urgent first, oldest first.
CREATE INDEX handoffs_open_queue_idx ON handoffs (urgent DESC, opened_at) WHERE closed_at IS NULL;
CREATE INDEX handoffs_conversation_idx ON handoffs (conversation_id);
