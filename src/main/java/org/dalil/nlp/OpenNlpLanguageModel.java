package org.dalil.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.langdetect.ThreadSafeLanguageDetectorME;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenNLP's pretrained language detector ({@code langdetect-183.bin}, 103 languages, from the
 * {@code opennlp-models-langdetect} artifact on the classpath). Loading takes about half a
 * second, so it is loaded once per JVM and shared; detection is thread-safe.
 *
 * <p>On a message of a few words its first answer is often a language nobody here writes
 * (Piemontese for "bonjour"): only the scores of the candidate languages are used, and only as
 * one signal among others (see {@link LanguageDetector}).
 */
public final class OpenNlpLanguageModel {
  private static final Logger log = LoggerFactory.getLogger(OpenNlpLanguageModel.class);
  static final String RESOURCE = "/langdetect-183.bin";

  private static volatile OpenNlpLanguageModel shared;

  private final ThreadSafeLanguageDetectorME detector;

  private OpenNlpLanguageModel(LanguageDetectorModel model) {
    this.detector = new ThreadSafeLanguageDetectorME(model);
  }

  /** The model, loaded on first use. */
  public static OpenNlpLanguageModel shared() {
    OpenNlpLanguageModel m = shared;
    if (m == null) {
      synchronized (OpenNlpLanguageModel.class) {
        m = shared;
        if (m == null) {
          m = load();
          shared = m;
        }
      }
    }
    return m;
  }

  private static OpenNlpLanguageModel load() {
    long start = System.nanoTime();
    try (InputStream in = OpenNlpLanguageModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath (artifact opennlp-models-langdetect)");
      }
      OpenNlpLanguageModel m = new OpenNlpLanguageModel(new LanguageDetectorModel(in));
      log.info("language model loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * The natural log of the model's probability of each of {@code iso3} (ISO 639-3 codes such as
   * {@code fra}); a language the model does not know gets the smallest probability it gave.
   */
  public Map<String, Double> logProbabilities(String text, List<String> iso3) {
    Language[] ranked = detector.predictLanguages(text);
    Map<String, Double> all = new HashMap<>();
    double smallest = 1;
    for (Language l : ranked) {
      all.put(l.getLang(), l.getConfidence());
      smallest = Math.min(smallest, l.getConfidence());
    }
    Map<String, Double> out = new HashMap<>();
    for (String code : iso3) {
      out.put(code, Math.log(Math.max(all.getOrDefault(code, smallest), 1e-9)));
    }
    return out;
  }
}
