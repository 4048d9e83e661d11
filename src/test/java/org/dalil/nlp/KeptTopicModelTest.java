package org.dalil.nlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A trained topic model kept between starts: read back, it answers as trained; kept, it is not trained again. */
class KeptTopicModelTest {

  private static TrainingPhrases phrases(String healthWord, String workWord) {
    List<TrainingPhrase> list = new ArrayList<>();
    for (String p : List.of("j'ai mal à la tête", "mon enfant a de la fièvre", "je cherche un médecin " + healthWord)) {
      list.add(new TrainingPhrase("fr", "health", false, p, null));
    }
    for (String p : List.of("je cherche du travail", "une formation pour un métier", "un emploi sur un chantier " + workWord)) {
      list.add(new TrainingPhrase("fr", "work", false, p, null));
    }
    return new TrainingPhrases(list);
  }

  /** Kept in memory, counting what is asked of it. */
  private static final class Memory implements TopicModels {
    final Map<String, byte[]> models = new HashMap<>();
    int kept;

    @Override
    public Optional<byte[]> find(String trainingKey) {
      return Optional.ofNullable(models.get(trainingKey));
    }

    @Override
    public void keep(String trainingKey, byte[] model) {
      kept++;
      models.put(trainingKey, model);
    }
  }

  private static final List<String> PROBES = List.of("fièvre", "médecin pour mon fils", "travail", "chantier demain", "bonjour");

  @Test
  void aModelReadBackAnswersAsTheOneTrained() {
    Memory memory = new Memory();
    TopicClassifier trained = TopicClassifier.train(phrases("", ""), memory);
    assertEquals(1, memory.kept, "a model trained is kept");

    TopicClassifier loaded = TopicClassifier.train(phrases("", ""), memory);

    assertEquals(1, memory.kept, "found, not trained and kept again");
    for (String probe : PROBES) {
      List<String> tokens = Tokens.of(probe);
      assertEquals(trained.classify(tokens), loaded.classify(tokens), probe);
    }
    assertEquals(trained.topics(), loaded.topics());
  }

  @Test
  void theKeptModelIsUsedInsteadOfTraining() {
    Memory memory = new Memory();
    TopicClassifier.train(phrases("", ""), memory);
    String key = memory.models.keySet().iterator().next();
    // The same key now holds a model trained on the topics the other way round: what answers is
    // the kept model, so nothing was trained.
    TrainingPhrases swapped = new TrainingPhrases(phrases("", "").phrases().stream()
        .map(p -> new TrainingPhrase(p.language(), p.label().equals("health") ? "work" : "health", false, p.text(), null))
        .toList());
    memory.models.put(key, TopicClassifier.write(TopicClassifier.train(swapped).model()));

    TopicClassifier answered = TopicClassifier.train(phrases("", ""), memory);

    assertEquals("work", answered.classify(Tokens.of("fièvre")).topic());
  }

  @Test
  void anotherTrainingHasAnotherKeyAndAnUnreadableModelIsTrainedAgainAndReplaced() {
    Memory first = new Memory();
    TopicClassifier.train(phrases("", ""), first);
    String key = first.models.keySet().iterator().next();

    Memory all = new Memory();
    TopicClassifier.train(phrases("", ""), all);
    TopicClassifier.train(phrases("urgent", ""), all);
    TopicClassifier.train(phrases("", "demain"), all);
    assertEquals(3, all.models.size(), "one phrase changed is another training");
    assertTrue(all.models.containsKey(key), "the same training, the same key");

    Memory broken = new Memory();
    broken.models.put(key, new byte[] {1, 2, 3});
    TopicClassifier retrained = TopicClassifier.train(phrases("", ""), broken);

    TopicClassifier direct = TopicClassifier.train(phrases("", ""));
    for (String probe : PROBES) {
      assertEquals(direct.classify(Tokens.of(probe)), retrained.classify(Tokens.of(probe)), probe);
    }
    assertArrayEquals(TopicClassifier.write(direct.model()), broken.models.get(key), "the unreadable model was replaced");
  }

  @Test
  void theSameExamplesInAnotherOrderHaveTheSameKey() {
    // The content's files are read in no fixed order: a key that followed it changed at every start.
    Memory memory = new Memory();
    TopicClassifier.train(phrases("", ""), memory);
    TopicClassifier.train(new TrainingPhrases(phrases("", "").phrases().reversed()), memory);
    assertEquals(1, memory.models.size());
    assertEquals(1, memory.kept, "the second order found the first one's model");
  }

  @Test
  void writingTheSameModelTwiceGivesTheSameBytes() {
    TopicClassifier a = TopicClassifier.train(phrases("", ""));
    TopicClassifier b = TopicClassifier.train(phrases("", ""));
    assertArrayEquals(TopicClassifier.write(a.model()), TopicClassifier.write(b.model()), "training is deterministic");
    assertTrue(TopicClassifier.write(a.model()).length > 100);
  }
}
