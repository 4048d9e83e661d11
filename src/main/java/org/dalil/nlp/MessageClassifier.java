package org.dalil.nlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalil.flow.FlowSet;
import org.dalil.flow.Understanding;
import org.dalil.i18n.Catalog;

/**
 * Understands a message against one content version: its language, its topic and whether it is
 * urgent. Built from the version's own files (translations and training phrases), so a new
 * version with new phrases gets a classifier of its own (see {@link FreeTextUnderstander}, which
 * keeps one per version). Thread-safe.
 */
public final class MessageClassifier {
  private final LanguageDetector languages;
  private final TopicClassifier topics;
  private final UrgencyDetector urgency;

  public MessageClassifier(LanguageDetector languages, TopicClassifier topics, UrgencyDetector urgency) {
    this.languages = languages;
    this.topics = topics;
    this.urgency = urgency;
  }

  /** Trains on a flow set's training phrases and texts, with the shared OpenNLP language model. */
  public static MessageClassifier of(FlowSet set) {
    return of(set, OpenNlpLanguageModel.shared());
  }

  public static MessageClassifier of(FlowSet set, OpenNlpLanguageModel model) {
    return of(set, model, TopicModels.NONE);
  }

  /** {@link #of(FlowSet, OpenNlpLanguageModel)}, with the topic model {@code kept} holds for this training if any. */
  public static MessageClassifier of(FlowSet set, OpenNlpLanguageModel model, TopicModels kept) {
    List<String> languageCodes = set.settings().languages();
    TrainingPhrases training = TrainingPhrases.fromSources(set.sources(), languageCodes);
    return new MessageClassifier(
        new LanguageDetector(languageCodes, textsByLanguage(set.catalog(), training, languageCodes), model),
        TopicClassifier.train(withFlowExamples(training, set), kept),
        UrgencyDetector.of(training));
  }

  /** The training files' examples, and the menus' labels and keywords of each topic ({@link FlowExamples}). */
  static TrainingPhrases withFlowExamples(TrainingPhrases training, FlowSet set) {
    List<TrainingPhrase> all = new ArrayList<>(training.phrases());
    all.addAll(FlowExamples.of(set));
    return new TrainingPhrases(all);
  }

  /** What each language is written like: every translation and every training phrase in it. */
  private static Map<String, List<String>> textsByLanguage(Catalog catalog, TrainingPhrases training,
      List<String> languageCodes) {
    Map<String, List<String>> texts = new LinkedHashMap<>();
    for (String language : languageCodes) {
      List<String> list = new ArrayList<>();
      if (catalog != null) {
        catalog.entries(language).values().forEach(e -> list.add(e.text()));
      }
      training.inLanguage(language).forEach(p -> list.add(p.text()));
      texts.put(language, list);
    }
    return texts;
  }

  /**
   * @param languageHint the channel's suggestion (Telegram's language_code), or null
   */
  public Understanding classify(String text, String languageHint) {
    String t = text == null ? "" : text;
    List<String> tokens = Tokens.of(t);
    LanguageDetector.Guess language = languages.detect(t, languageHint);
    TopicClassifier.Guess topic = topics.classify(tokens);
    String urgent = urgency.reason(tokens).orElse(null);
    return new Understanding(language.language(), round(language.confidence()), topic.topic(),
        round(topic.confidence()), urgent);
  }

  public List<String> topics() {
    return topics.topics();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
