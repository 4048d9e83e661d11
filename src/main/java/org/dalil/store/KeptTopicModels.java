package org.dalil.store;

import java.util.Optional;
import org.dalil.nlp.TopicModels;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained topic models in the database ({@code topic_models}), shared by every instance. Keeping
 * one must never cost understanding: a failure is logged and the model is simply not kept.
 */
public final class KeptTopicModels implements TopicModels {
  private static final Logger log = LoggerFactory.getLogger(KeptTopicModels.class);
  /**
   * The newest models kept; older ones are deleted when a new one is kept. A model is about 320 KB
   * and each change of the content's examples trains a new one; more than one is kept because
   * instances may run different content for a while (a rolling deploy, a publication on its way).
   */
  static final int KEPT = 5;

  private final Jdbi jdbi;

  public KeptTopicModels(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Optional<byte[]> find(String trainingKey) {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT model FROM topic_models WHERE training_key = :key")
          .bind("key", trainingKey).mapTo(byte[].class).findOne());
    } catch (RuntimeException e) {
      log.warn("could not read the kept topic model ({}); training it", Failures.describe(e));
      return Optional.empty();
    }
  }

  @Override
  public void keep(String trainingKey, byte[] model) {
    try {
      // The DELETE sees the table as it was before the INSERT: the new model is never deleted.
      jdbi.useHandle(h -> h.createUpdate("""
              WITH kept AS (
                INSERT INTO topic_models (training_key, model) VALUES (:key, :model)
                ON CONFLICT (training_key) DO UPDATE SET model = EXCLUDED.model, created_at = now()
                RETURNING training_key)
              DELETE FROM topic_models WHERE training_key NOT IN (SELECT training_key FROM kept)
                AND training_key NOT IN (SELECT training_key FROM topic_models ORDER BY created_at DESC LIMIT :others)""")
          .bind("key", trainingKey).bind("model", model).bind("others", KEPT - 1).execute());
    } catch (RuntimeException e) {
      log.warn("could not keep the topic model ({}); the next start trains it again", Failures.describe(e));
    }
  }
}
