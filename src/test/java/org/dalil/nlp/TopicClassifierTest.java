package org.dalil.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.SourceLine;
import org.dalil.flow.Understanding;
import org.dalil.i18n.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The topic categorizer trained on the shipped training phrases and menus. */
class TopicClassifierTest {

  private static Understanding classify(String text) {
    return ShippedContent.classifier().classify(text, null);
  }

  /** Phrases written for this test, checked not to be training phrases. */
  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      ma fille est malade elle a de la fièvre         | health
      je voudrais renouveler ma carte de séjour       | papers
      je cherche du travail dans le bâtiment          | work
      mon mari me frappe et j'ai peur                 | protection
      my daughter is sick and has a fever             | health
      i would like to renew my residence card         | papers
      i am looking for work on a building site        | work
      i want to apply for asylum with UNHCR           | asylum
      بنتي مريضة وعندها السخانة                        | health
      بغيت نجدد الكارط ديال الإقامة                    | papers
      كنقلب على خدمة فالبني                            | work
      بغيت نسجل ولدي فالمدرسة العمومية                 | education
      """)
  void heldOutPhrasesGetTheirTopicAboveTheThreshold(String text, String topic) {
    assertFalse(isTrainingPhrase(text), text + " must not be a training phrase");

    Understanding u = classify(text);

    assertEquals(topic, u.topic(), () -> text + ": " + u);
    assertTrue(u.topicConfidence() >= Understanding.CONFIDENT_TOPIC, () -> text + ": " + u);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xqzw vbnm", "ghjklm poiuy", "ححححح", "zzz", "123456"})
  void gibberishStaysUnderTheThreshold(String text) {
    Understanding u = classify(text);

    assertTrue(u.confidentTopic().isEmpty(), () -> text + ": " + u);
  }

  @Test
  void noWordNoTopic() {
    Understanding u = classify("👍👍");

    assertNull(u.topic());
    assertEquals(0.0, u.topicConfidence());
  }

  @Test
  void oneTopicCannotBeToldApartFromNothing() {
    TrainingPhrases one = new TrainingPhrases(List.of(
        new TrainingPhrase("fr", "health", false, "je suis malade", SourceLine.UNKNOWN)));

    assertEquals(TopicClassifier.Guess.NONE, TopicClassifier.train(one).classify(Tokens.of("je suis malade")));
  }

  @Test
  void aNewVersionWithNewPhrasesIsRetrained() {
    FlowSet shipped = ShippedContent.flowSet();
    Map<String, String> sources = new HashMap<>(shipped.sources());
    sources.merge("i18n/fr.training.txt", "\n[housing]\nje cherche un appartement à louer\nun studio pas cher\n"
        + "chambre à louer\nappartement meublé\nune colocation\n", String::concat);
    sources.put("flows/settings.yaml", sources.get("flows/settings.yaml").replace("\ntopics:\n", "\ntopics:\n  housing: legal.start\n"));
    sources.merge("i18n/fr.properties", "topic.housing=logement\n", String::concat);
    sources.merge("i18n/ar.properties", "topic.housing=السكن\n", String::concat);
    sources.merge("i18n/en.properties", "topic.housing=housing\n", String::concat);
    FlowSetLoader.Result edited = new FlowSetLoader().fromSources(sources);
    assertTrue(edited.ok(), () -> edited.errors().toString());
    FreeTextUnderstander understander = new FreeTextUnderstander(OpenNlpLanguageModel.shared());

    MessageClassifier before = understander.classifier(shipped);
    MessageClassifier after = understander.classifier(edited.flowSet());

    assertSame(before, understander.classifier(shipped), "one classifier per version");
    assertNotSame(before, after);
    assertFalse(before.topics().contains("housing"));
    assertEquals("housing", after.classify("je cherche un appartement meublé à louer", null).topic());
  }

  @Test
  void classifiesFromManyThreadsAtOnce() throws Exception {
    MessageClassifier c = ShippedContent.classifier();
    List<String> texts = List.of("mon enfant est malade", "بغيت نخدم", "i need a lawyer", "salam bghit n3ref",
        "je veux mourir", "xqzw vbnm", "carte de séjour expirée", "where is UNHCR");
    List<Understanding> alone = texts.stream().map(t -> c.classify(t, null)).toList();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<List<Understanding>>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> {
          List<Understanding> last = null;
          for (int round = 0; round < 200; round++) {
            last = texts.stream().map(t -> c.classify(t, null)).toList();
          }
          return last;
        }));
      }
      for (java.util.concurrent.Future<List<Understanding>> run : runs) {
        assertEquals(alone, run.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean isTrainingPhrase(String text) {
    String n = Normalizer.normalize(text);
    return TrainingPhrases.fromSources(ShippedContent.flowSet().sources(), List.of("fr", "ar", "en")).phrases().stream()
        .anyMatch(p -> Normalizer.normalize(p.text()).equals(n));
  }
}
