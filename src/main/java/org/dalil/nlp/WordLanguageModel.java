package org.dalil.nlp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which language the words of a Latin-script message belong to, learnt from the content itself:
 * the translations and the training phrases of each language. A naive Bayes over words: "carte",
 * "sejour", "malade" are French because fr.properties uses them; "bghit", "khdma" are Arabic
 * (Darija in Latin letters) because ar.training.txt does.
 */
final class WordLanguageModel {
  /** Add-alpha smoothing of the word counts. */
  private static final double ALPHA = 0.5;
  /** One word alone never decides more than this (a name or a borrowed word must not). */
  private static final double CLIP = 2.5;

  private final Map<String, Map<String, Integer>> counts;
  private final Map<String, Integer> totals;
  private final int vocabulary;

  private WordLanguageModel(Map<String, Map<String, Integer>> counts) {
    this.counts = counts;
    this.totals = new HashMap<>();
    Set<String> words = new HashSet<>();
    counts.forEach((language, c) -> {
      totals.put(language, c.values().stream().mapToInt(Integer::intValue).sum());
      words.addAll(c.keySet());
    });
    this.vocabulary = Math.max(1, words.size());
  }

  /** Learns from texts in each language; only words in Latin letters are counted. */
  static WordLanguageModel of(Map<String, List<String>> textsByLanguage) {
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    textsByLanguage.forEach((language, texts) -> {
      Map<String, Integer> c = counts.computeIfAbsent(language, k -> new HashMap<>());
      for (String text : texts) {
        for (String token : Tokens.of(text)) {
          if (Tokens.isLatin(token)) {
            c.merge(token, 1, Integer::sum);
          }
        }
      }
    });
    return new WordLanguageModel(counts);
  }

  /**
   * For each language, how much more likely the words are in it than on average over the
   * languages (natural log); words no language uses say nothing.
   */
  Map<String, Double> evidence(List<String> tokens) {
    Map<String, Double> out = new HashMap<>();
    counts.keySet().forEach(l -> out.put(l, 0.0));
    for (String token : tokens) {
      boolean known = false;
      Map<String, Double> lp = new HashMap<>();
      double mean = 0;
      for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
        int c = e.getValue().getOrDefault(token, 0);
        known |= c > 0;
        double p = Math.log((c + ALPHA) / (totals.get(e.getKey()) + ALPHA * vocabulary));
        lp.put(e.getKey(), p);
        mean += p;
      }
      if (!known) {
        continue;
      }
      mean /= counts.size();
      for (Map.Entry<String, Double> e : lp.entrySet()) {
        double d = Math.max(-CLIP, Math.min(CLIP, e.getValue() - mean));
        out.merge(e.getKey(), d, Double::sum);
      }
    }
    return out;
  }

  /** How many of the tokens some language uses. */
  int known(List<String> tokens) {
    int n = 0;
    for (String token : tokens) {
      for (Map<String, Integer> c : counts.values()) {
        if (c.containsKey(token)) {
          n++;
          break;
        }
      }
    }
    return n;
  }
}
