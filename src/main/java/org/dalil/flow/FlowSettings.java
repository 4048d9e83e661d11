package org.dalil.flow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code flows/settings.yaml}: where conversations start and what the global keywords lead to.
 *
 * @param languages supported languages; the first is the fallback before English
 * @param choiceLists named lists of values accepted by {@code accept: {one_of: list}} inputs;
 *     the label of value {@code v} of list {@code l} is the i18n key {@code l.v}
 * @param topics where a free text recognised as topic {@code t} leads ({@code health: health.start});
 *     the label of topic {@code t} is the i18n key {@code topic.t}. Empty: free text never jumps.
 */
public record FlowSettings(
    List<String> languages,
    Target start,
    Target menu,
    Target language,
    Target human,
    Target offerHuman,
    Duration silenceTimeout,
    int maxMisses,
    Map<String, List<String>> choiceLists,
    Map<String, Target> topics) {

  public FlowSettings {
    languages = List.copyOf(languages);
    choiceLists = Map.copyOf(choiceLists);
    topics = topics == null ? Map.of() : Map.copyOf(topics);
  }

  /** Settings without topics: free text is never sent to a topic's flow. */
  public FlowSettings(List<String> languages, Target start, Target menu, Target language, Target human,
      Target offerHuman, Duration silenceTimeout, int maxMisses, Map<String, List<String>> choiceLists) {
    this(languages, start, menu, language, human, offerHuman, silenceTimeout, maxMisses, choiceLists, Map.of());
  }

  public String defaultLanguage() {
    return languages.getFirst();
  }
}
