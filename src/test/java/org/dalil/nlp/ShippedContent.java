package org.dalil.nlp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;

/** The shipped content ({@code flows/}, {@code i18n/}) and its classifier, loaded and trained once for all NLP tests. */
final class ShippedContent {
  static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

  private static FlowSet set;
  private static MessageClassifier classifier;

  private ShippedContent() {}

  static synchronized FlowSet flowSet() {
    if (set == null) {
      FlowSetLoader.Result result = new FlowSetLoader().load(ROOT.resolve("flows"), ROOT.resolve("i18n"));
      assertTrue(result.ok(), () -> "the shipped content must load: " + result.errors());
      set = result.flowSet();
    }
    return set;
  }

  static synchronized MessageClassifier classifier() {
    if (classifier == null) {
      classifier = MessageClassifier.of(flowSet());
    }
    return classifier;
  }
}
