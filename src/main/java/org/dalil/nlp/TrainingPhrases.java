package org.dalil.nlp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every phrase of the training files of one content version: examples of topics, which train the
 * topic categorizer, and urgent phrases, which the urgency detector looks for. Immutable.
 */
public record TrainingPhrases(List<TrainingPhrase> phrases) {

  public static final TrainingPhrases EMPTY = new TrainingPhrases(List.of());

  public TrainingPhrases {
    phrases = List.copyOf(phrases);
  }

  /**
   * The phrases of the training files among {@code sources} (path to text, as in a flow set),
   * for the given languages only; problems are ignored here (the loader reports them).
   */
  public static TrainingPhrases fromSources(Map<String, String> sources, Collection<String> languages) {
    List<TrainingPhrase> all = new ArrayList<>();
    for (Map.Entry<String, String> source : new java.util.TreeMap<>(sources).entrySet()) {
      String language = TrainingReader.languageOf(source.getKey());
      if (language != null && languages.contains(language)) {
        all.addAll(TrainingReader.read(source.getKey(), source.getValue(), new ArrayList<>()));
      }
    }
    return new TrainingPhrases(all);
  }

  /** Examples of topics (not urgent phrases). */
  public List<TrainingPhrase> examples() {
    return phrases.stream().filter(p -> !p.urgent()).toList();
  }

  /** Urgent phrases. */
  public List<TrainingPhrase> urgentPhrases() {
    return phrases.stream().filter(TrainingPhrase::urgent).toList();
  }

  /** The topics with at least one example, in file order. */
  public Set<String> topics() {
    Set<String> topics = new LinkedHashSet<>();
    for (TrainingPhrase p : phrases) {
      if (!p.urgent()) {
        topics.add(p.label());
      }
    }
    return topics;
  }

  public List<TrainingPhrase> inLanguage(String language) {
    return phrases.stream().filter(p -> p.language().equals(language)).toList();
  }

  public boolean isEmpty() {
    return phrases.isEmpty();
  }
}
