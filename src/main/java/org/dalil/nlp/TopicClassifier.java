package org.dalil.nlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * The topic of a message: an OpenNLP document categorizer (maximum entropy) trained on the
 * examples of the training files, all languages in one model (Arabic, French and English words
 * hardly overlap, and Darija mixes them anyway).
 *
 * <p>{@code DocumentCategorizerME} is not thread-safe; the maximum entropy model it wraps is (it
 * only reads its weights), so messages are scored on the model directly with the same features
 * the categorizer was trained on, from any thread.
 */
public final class TopicClassifier {

  /** The most likely topic and its probability; null topic when nothing was learnt. */
  public record Guess(String topic, double confidence) {
    public static final Guess NONE = new Guess(null, 0);
  }

  /** Training passes; the examples are few, so this stays well under a second. */
  static final int ITERATIONS = 300;

  /** Knows no topic: every message gets {@link Guess#NONE}. */
  public static final TopicClassifier EMPTY = new TopicClassifier(null);

  private final MaxentModel model;

  private TopicClassifier(MaxentModel model) {
    this.model = model;
  }

  /**
   * Trains on the topic examples (urgent phrases are not examples). Fewer than two topics cannot
   * be told apart: the classifier then knows none.
   */
  public static TopicClassifier train(TrainingPhrases phrases) {
    List<DocumentSample> samples = new ArrayList<>();
    for (TrainingPhrase p : phrases.examples()) {
      String[] words = Tokens.of(p.text()).toArray(String[]::new);
      if (words.length > 0) {
        samples.add(new DocumentSample(p.label(), words));
      }
    }
    if (samples.stream().map(DocumentSample::getCategory).distinct().count() < 2) {
      return EMPTY;
    }
    TrainingParameters params = new TrainingParameters();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
    params.put(TrainingParameters.ITERATIONS_PARAM, ITERATIONS);
    // Each example counts: the default cut-off (5) would drop most words of a small set.
    params.put(TrainingParameters.CUTOFF_PARAM, 1);
    params.put(TrainingParameters.THREADS_PARAM, 1);
    try {
      DoccatModel model = DocumentCategorizerME.train("mul", ObjectStreamUtils.createObjectStream(samples), params,
          new DoccatFactory(new FeatureGenerator[] {TopicFeatures.INSTANCE}));
      return new TopicClassifier(model.getMaxentModel());
    } catch (IOException e) {
      throw new UncheckedIOException("training the topic categorizer", e);
    }
  }

  public Guess classify(List<String> tokens) {
    if (model == null || tokens.isEmpty()) {
      return Guess.NONE;
    }
    String[] words = tokens.toArray(String[]::new);
    String[] features = TopicFeatures.INSTANCE.extractFeatures(words, java.util.Map.of()).toArray(String[]::new);
    double[] scores = model.eval(features);
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return new Guess(model.getOutcome(best), scores[best]);
  }

  /** The topics it can recognise. */
  public List<String> topics() {
    List<String> topics = new ArrayList<>();
    if (model != null) {
      for (int i = 0; i < model.getNumOutcomes(); i++) {
        topics.add(model.getOutcome(i));
      }
    }
    return topics;
  }
}
