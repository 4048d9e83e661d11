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
    Map<String, List<String>> choiceLists) {

  public FlowSettings {
    languages = List.copyOf(languages);
    choiceLists = Map.copyOf(choiceLists);
  }

  public String defaultLanguage() {
    return languages.getFirst();
  }
}
