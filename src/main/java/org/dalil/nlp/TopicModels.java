package org.dalil.nlp;

import java.util.Optional;

/**
 * Trained topic models kept between starts, by the key of what they were trained on ({@link
 * TopicClassifier#trainingKey}): a restart, or a second instance, loads the model instead of
 * training it again while the first messages wait.
 */
public interface TopicModels {
  /** Keeps nothing: every start trains. */
  TopicModels NONE = new TopicModels() {
    @Override
    public Optional<byte[]> find(String trainingKey) {
      return Optional.empty();
    }

    @Override
    public void keep(String trainingKey, byte[] model) {}
  };

  Optional<byte[]> find(String trainingKey);

  /**
   * Keeps a model, over one kept under the same key: the same training gives the same model, and
   * one that could not be read is replaced.
   */
  void keep(String trainingKey, byte[] model);
}
