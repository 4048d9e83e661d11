package org.dalil.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dalil.flow.Problem;
import org.junit.jupiter.api.Test;

class TrainingReaderTest {
  private static final String FILE = "i18n/fr.training.txt";

  private final List<Problem> problems = new ArrayList<>();

  private List<TrainingPhrase> read(String text) {
    return TrainingReader.read(FILE, text, problems);
  }

  private List<String> problemLines() {
    return problems.stream().map(Problem::toString).toList();
  }

  @Test
  void sectionsSayWhatThePhrasesTeach() {
    List<TrainingPhrase> phrases = read("""
        # comment
        [health]
        je suis malade

        mon enfant a de la fièvre
        [urgent self_harm]
        je veux mourir
        """);

    assertEquals(List.of(), problems);
    assertEquals(3, phrases.size());
    TrainingPhrase first = phrases.getFirst();
    assertEquals("fr", first.language());
    assertEquals("health", first.label());
    assertFalse(first.urgent());
    assertEquals("je suis malade", first.text());
    assertEquals(3, first.line().line());
    assertEquals(FILE, first.line().file());
    TrainingPhrase urgent = phrases.get(2);
    assertTrue(urgent.urgent());
    assertEquals("self_harm", urgent.label());
    assertEquals(7, urgent.line().line());
  }

  @Test
  void aPhraseBeforeAnySectionIsAnErrorOnce() {
    List<TrainingPhrase> phrases = read("bonjour\nsalut\n[greetings]\ncoucou\n");

    assertEquals(List.of("i18n/fr.training.txt:1: error: phrase outside a section: start the file with [topic] or [urgent reason]"),
        problemLines());
    assertEquals(List.of("coucou"), phrases.stream().map(TrainingPhrase::text).toList());
  }

  @Test
  void aBadSectionIsAnErrorAndItsPhrasesAreSkipped() {
    List<TrainingPhrase> phrases = read("[Santé]\nmalade\n[urgent]\n[urgent self harm]\nx\n[health]\nmalade\n");

    assertEquals(2, problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count(), problemLines()::toString);
    assertTrue(problemLines().getFirst().startsWith("i18n/fr.training.txt:1: error: bad section `[Santé]`"));
    assertTrue(problemLines().stream().anyMatch(l -> l.startsWith("i18n/fr.training.txt:4: error: bad section")));
    // `[urgent]` alone is a topic named urgent, with no phrase.
    assertTrue(problemLines().contains("i18n/fr.training.txt:3: warning: section [urgent] has no phrases"));
    assertEquals(List.of("health"), phrases.stream().map(TrainingPhrase::label).toList());
  }

  @Test
  void theSamePhraseTwiceInASectionIsAWarning() {
    List<TrainingPhrase> phrases = read("[health]\nJe suis malade\nje suis malade !\n[work]\nje suis malade\n");

    assertEquals(List.of("i18n/fr.training.txt:3: warning: same phrase as line 2 in [health]"), problemLines());
    assertEquals(2, phrases.size());
  }

  @Test
  void emptyAndOverlongPhrases() {
    read("[health]\n!!!\n" + "a".repeat(301) + "\n[work]\n");

    assertEquals(List.of(
        "i18n/fr.training.txt:2: error: phrase without a word",
        "i18n/fr.training.txt:3: error: phrase longer than 300 characters",
        "i18n/fr.training.txt:4: warning: section [work] has no phrases"), problemLines());
  }

  @Test
  void trainingFilesAreNamedByTheirLanguage() {
    assertEquals("ar", TrainingReader.languageOf("i18n/ar.training.txt"));
    assertNull(TrainingReader.languageOf("i18n/ar.properties"));
    assertNull(TrainingReader.languageOf("flows/ar.training.txt"));
    assertFalse(TrainingReader.isTrainingSource("i18n/AR.training.txt"));
  }

  @Test
  void onlyTheGivenLanguagesAreKept() {
    TrainingPhrases t = TrainingPhrases.fromSources(Map.of(
        "i18n/fr.training.txt", "[health]\nmalade\n",
        "i18n/de.training.txt", "[health]\nkrank\n",
        "i18n/fr.properties", "x=y\n"), List.of("fr", "en"));

    assertEquals(List.of("malade"), t.phrases().stream().map(TrainingPhrase::text).toList());
  }
}
