package org.dalil.nlp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.GenericModelReader;
import opennlp.tools.ml.model.GenericModelWriter;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;
import opennlp.tools.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  static final int CUTOFF = 1;
  private static final Logger log = LoggerFactory.getLogger(TopicClassifier.class);

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
    return train(phrases, TopicModels.NONE);
  }

  /**
   * {@link #train(TrainingPhrases)}, or the model {@code kept} holds for exactly this training;
   * a model trained here is kept there. A kept model that cannot be read is trained again.
   */
  public static TopicClassifier train(TrainingPhrases phrases, TopicModels kept) {
    List<DocumentSample> samples = samples(phrases);
    if (samples.stream().map(DocumentSample::getCategory).distinct().count() < 2) {
      return EMPTY;
    }
    String key = trainingKey(samples);
    Optional<byte[]> stored = kept.find(key);
    if (stored.isPresent()) {
      try {
        return new TopicClassifier(read(stored.get()));
      } catch (IOException | RuntimeException e) {
        log.warn("the kept topic model {} cannot be read ({}); training again", key, e.getClass().getSimpleName());
      }
    }
    MaxentModel model = trainModel(samples);
    kept.keep(key, write(model));
    return new TopicClassifier(model);
  }

  private static List<DocumentSample> samples(TrainingPhrases phrases) {
    List<DocumentSample> samples = new ArrayList<>();
    for (TrainingPhrase p : phrases.examples()) {
      String[] words = Tokens.of(p.text()).toArray(String[]::new);
      if (words.length > 0) {
        samples.add(new DocumentSample(p.label(), words));
      }
    }
    return samples;
  }

  private static MaxentModel trainModel(List<DocumentSample> samples) {
    TrainingParameters params = new TrainingParameters();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
    params.put(TrainingParameters.ITERATIONS_PARAM, ITERATIONS);
    // Each example counts: the default cut-off (5) would drop most words of a small set.
    params.put(TrainingParameters.CUTOFF_PARAM, CUTOFF);
    params.put(TrainingParameters.THREADS_PARAM, 1);
    try {
      DoccatModel model = DocumentCategorizerME.train("mul", ObjectStreamUtils.createObjectStream(samples), params,
          new DoccatFactory(new FeatureGenerator[] {TopicFeatures.INSTANCE}));
      return model.getMaxentModel();
    } catch (IOException e) {
      throw new UncheckedIOException("training the topic categorizer", e);
    }
  }

  /**
   * What a model is a function of, hashed: the library's version, the training parameters, and
   * every example's topic and features. Features, not phrases: a change to the tokenizer or to the
   * features changes the key, so a model kept by an older Dalil is not reused. Sorted: the
   * examples come from the content's files in no fixed order (a key that changed at every start
   * was never found), and the same examples in another order train an equivalent model.
   */
  static String trainingKey(List<DocumentSample> samples) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, "opennlp " + Version.currentVersion() + " maxent " + ITERATIONS + " cutoff " + CUTOFF);
      samples.stream()
          .map(sample -> sample.getCategory() + "\u0001" + String.join("\u0002",
              TopicFeatures.INSTANCE.extractFeatures(sample.getText(), Map.of()).stream().sorted().toList()))
          .sorted()
          .forEach(line -> update(sha, "\n" + line));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest sha, String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] write(MaxentModel model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      new GenericModelWriter((AbstractModel) model, out).persist();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the topic model", e);
    }
    return bytes.toByteArray();
  }

  static MaxentModel read(byte[] model) throws IOException {
    return (MaxentModel) new GenericModelReader(new BinaryFileDataReader(new ByteArrayInputStream(model))).getModel();
  }

  public Guess classify(List<String> tokens) {
    if (model == null || tokens.isEmpty()) {
      return Guess.NONE;
    }
    String[] words = tokens.toArray(String[]::new);
    String[] features = TopicFeatures.INSTANCE.extractFeatures(words, Map.of()).toArray(String[]::new);
    double[] scores = model.eval(features);
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return new Guess(model.getOutcome(best), scores[best]);
  }

  /** The trained model, null when nothing was learnt (for the tests that write it). */
  MaxentModel model() {
    return model;
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
