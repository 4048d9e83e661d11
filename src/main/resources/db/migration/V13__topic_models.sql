-- Issue 9: the understanding of free text trains for seconds after every start, and the first
-- messages wait for it. A trained topic model is kept by the key of what it was trained on (the
-- library, the parameters, every example's features: org.dalil.nlp.TopicClassifier.trainingKey),
-- so a restart or another instance loads it instead. It holds the content's training phrases, no
-- personal data; one row per content version whose examples changed.
CREATE TABLE topic_models (
  training_key text        PRIMARY KEY,
  model        bytea       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
