package org.dalil.nlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dalil.flow.Flow;
import org.dalil.flow.FlowSet;
import org.dalil.flow.MenuNode;
import org.dalil.flow.Node;
import org.dalil.flow.Target;
import org.dalil.i18n.Catalog;
import org.dalil.i18n.SystemKeys;

/**
 * Examples of topics that the content already holds: the label and the {@code .keywords} of each
 * menu option that leads into a topic's flow ("Santé", "malade|médecin") or stays inside it
 * ("Pregnancy and children", "pregnant|baby|vaccine"), in every language. A label shared by the
 * flows of several topics ("Another question on this topic") teaches none of them.
 *
 * <p>So the words authors give the menus also teach the categorizer, and a keyword added on the
 * translations page improves both.
 */
final class FlowExamples {
  private FlowExamples() {}

  static List<TrainingPhrase> of(FlowSet set) {
    Map<String, Set<String>> topicsOfLabel = new LinkedHashMap<>();
    Map<String, String> topicOfFlow = new HashMap<>();
    set.settings().topics().forEach((topic, target) -> topicOfFlow.putIfAbsent(target.flow(), topic));
    for (Flow flow : set.flows().values()) {
      for (Node node : flow.nodes()) {
        if (!(node instanceof MenuNode menu)) {
          continue;
        }
        for (MenuNode.Option option : menu.options()) {
          Target next = option.next();
          String topic = next == null ? null : topicOfFlow.get(next.flow());
          if (topic != null) {
            topicsOfLabel.computeIfAbsent(option.label(), k -> new LinkedHashSet<>()).add(topic);
          }
        }
      }
    }
    List<TrainingPhrase> examples = new ArrayList<>();
    Catalog catalog = set.catalog();
    topicsOfLabel.forEach((label, topics) -> {
      if (topics.size() != 1) {
        return;
      }
      String topic = topics.iterator().next();
      for (String language : set.settings().languages()) {
        Catalog.Entry text = catalog.entries(language).get(label);
        if (text != null) {
          examples.add(new TrainingPhrase(language, topic, false, text.text(), text.line()));
        }
        Catalog.Entry keywords = catalog.entries(language).get(label + SystemKeys.KEYWORDS_SUFFIX);
        if (keywords != null) {
          for (String word : keywords.text().split("\\" + Catalog.KEYWORD_SEPARATOR)) {
            if (!word.isBlank()) {
              examples.add(new TrainingPhrase(language, topic, false, word.strip(), keywords.line()));
            }
          }
        }
      }
    });
    return examples;
  }
}
