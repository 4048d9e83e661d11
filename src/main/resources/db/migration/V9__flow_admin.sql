-- Issue 8: content edited by admins. The draft they edit, and every publication of a version.

-- One shared draft (id 1): the sources admins edit before publishing. `revision` grows on every
-- save; a save naming an older revision is refused (two admins never silently overwrite each other).
CREATE TABLE flow_draft (
  id         integer     PRIMARY KEY CHECK (id = 1),
  sources    jsonb       NOT NULL,
  revision   integer     NOT NULL,
  based_on   text        REFERENCES flow_versions (version),
  updated_by bigint      REFERENCES volunteers (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every time a version became current, newest last. The current version of every instance is the
-- newest row. source: 'files' (flows/ and i18n/ on disk, before any admin published) or 'admin'.
CREATE TABLE flow_publications (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version      text        NOT NULL REFERENCES flow_versions (version),
  source       text        NOT NULL,
  published_by bigint      REFERENCES volunteers (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT flow_publications_source_check CHECK (source IN ('files', 'admin'))
);
CREATE INDEX flow_publications_version_idx ON flow_publications (version);

-- For each translated text: a hash of the French text it was translated from, written when an
-- admin saves the translation. The translation is outdated when the French text no longer has it.
CREATE TABLE translation_sources (
  key       text        NOT NULL,
  language  text        NOT NULL,
  fr_hash   text        NOT NULL,
  saved_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, language)
);
