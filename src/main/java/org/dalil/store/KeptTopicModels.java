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
      jdbi.useHandle(h -> h.createUpdate("""
              INSERT INTO topic_models (training_key, model) VALUES (:key, :model)
              ON CONFLICT (training_key) DO UPDATE SET model = EXCLUDED.model, created_at = now()""")
          .bind("key", trainingKey).bind("model", model).execute());
    } catch (RuntimeException e) {
      log.warn("could not keep the topic model ({}); the next start trains it again", Failures.describe(e));
    }
  }
}
