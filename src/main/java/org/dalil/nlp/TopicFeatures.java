package org.dalil.nlp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * The features the topic categorizer sees in a message (already split into normalised words):
 * each word, each pair of neighbouring words, and the 3- and 4-letter pieces of each word. The
 * pieces let "malades", "maladie" and "malade" share what they teach, and Darija forms with
 * attached words ("وليدي", "ولدي") still meet. Stateless, so safe to share between threads.
 */
final class TopicFeatures implements FeatureGenerator {
  static final TopicFeatures INSTANCE = new TopicFeatures();

  @Override
  public Collection<String> extractFeatures(String[] words, Map<String, Object> extraInformation) {
    List<String> features = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      features.add("w=" + w);
      if (i + 1 < words.length) {
        features.add("b=" + w + "_" + words[i + 1]);
      }
      if (w.codePointCount(0, w.length()) >= 3) {
        String padded = "<" + w + ">";
        int[] cps = padded.codePoints().toArray();
        for (int n = 3; n <= 4; n++) {
          for (int start = 0; start + n <= cps.length; start++) {
            features.add("c=" + new String(cps, start, n));
          }
        }
      }
    }
    return features;
  }
}
