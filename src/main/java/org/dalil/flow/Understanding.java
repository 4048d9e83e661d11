package org.dalil.flow;

import java.util.Optional;

/**
 * What was understood of a free text before the engine sees it: its language, its topic and
 * whether it says someone is in danger. Computed outside the engine (org.dalil.nlp), so that the
 * engine stays pure and fast; the engine decides what to do with it, using the thresholds below.
 *
 * @param language a language code ({@code fr}, {@code ar}, {@code en}), or null when nothing in
 *     the text suggests one
 * @param languageConfidence from 0 to 1
 * @param topic the most likely topic (a section of the training files), or null
 * @param topicConfidence from 0 to 1
 * @param urgency why the text is urgent (a reason code such as {@code self_harm}), or null
 */
public record Understanding(
    String language, double languageConfidence, String topic, double topicConfidence, String urgency) {

  /**
   * The language of the conversation changes only at or above this. Short Latin-script texts
   * stay below it on purpose ("ok", "bonjour", "salam" are written in every language).
   */
  public static final double CONFIDENT_LANGUAGE = 0.8;
  /** A topic leads somewhere only at or above this; below it the menu is shown as usual. */
  public static final double CONFIDENT_TOPIC = 0.5;
  /** The topic of "hello", "thanks", "ok": not a question, no flow of its own. */
  public static final String GREETINGS = "greetings";

  public static final Understanding NOTHING = new Understanding(null, 0, null, 0, null);

  public boolean urgent() {
    return urgency != null;
  }

  public Optional<String> confidentLanguage() {
    return language != null && languageConfidence >= CONFIDENT_LANGUAGE ? Optional.of(language) : Optional.empty();
  }

  public Optional<String> confidentTopic() {
    return topic != null && topicConfidence >= CONFIDENT_TOPIC ? Optional.of(topic) : Optional.empty();
  }

  public boolean isGreeting() {
    return confidentTopic().filter(GREETINGS::equals).isPresent();
  }
}
