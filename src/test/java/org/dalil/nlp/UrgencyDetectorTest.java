package org.dalil.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrgencyDetectorTest {

  private static UrgencyDetector detector(String... sectionsAndPhrases) {
    StringBuilder file = new StringBuilder();
    for (String line : sectionsAndPhrases) {
      file.append(line).append('\n');
    }
    List<TrainingPhrase> phrases = TrainingReader.read("i18n/fr.training.txt", file.toString(), new ArrayList<>());
    return UrgencyDetector.of(new TrainingPhrases(phrases));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      je veux mourir                            | self_harm
      Il me frappe tous les jours               | violence
      il y a un enfant tout seul dans la rue    | child_alone
      je dors dans la rue ce soir               | no_shelter
      I want to die                             | self_harm
      he beats me                               | violence
      there is a child alone at the station     | child_alone
      i have nowhere to sleep tonight           | no_shelter
      بغيت نموت                                  | self_harm
      راجلي كيضربني                              | violence
      كاين طفل صغير بوحدو فالمحطة                | child_alone
      ما عنديش فين نبات                          | no_shelter
      bghit nmout                               | self_harm
      """)
  void theShippedPhrasesCatchDangerInEachLanguage(String text, String reason) {
    assertEquals(Optional.of(reason), ShippedContent.classifier().classify(text, null).urgency() == null
        ? Optional.empty() : Optional.of(ShippedContent.classifier().classify(text, null).urgency()), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"je cherche un travail", "my child is sick", "بغيت نجدد الكارط", "il me faut un rendez-vous",
      "the police took my phone", "violence conjugale loi 103-13 informations"})
  void everydayQuestionsAreNotUrgent(String text) {
    assertEquals(null, ShippedContent.classifier().classify(text, null).urgency(), text);
  }

  @Test
  void wordsMayBeSeparatedByTwoOthersAtMost() {
    UrgencyDetector d = detector("[urgent violence]", "il me frappe");

    assertEquals(Optional.of("violence"), d.reason("il ne me frappe plus jamais"));
    assertEquals(Optional.empty(), d.reason("il a dit que ce serait bien si on me frappe"));
    assertEquals(Optional.empty(), d.reason("il me dit que sa femme le frappe"));
  }

  @Test
  void wordsAreComparedNormalised() {
    UrgencyDetector d = detector("[urgent violence]", "frappée");

    assertEquals(Optional.of("violence"), d.reason("J'ai été FRAPPEE!!"));
  }

  @Test
  void aStarMatchesTheBeginningOfAWord() {
    UrgencyDetector d = detector("[urgent violence]", "frapp*");

    assertEquals(Optional.of("violence"), d.reason("ils m'ont frappé"));
    assertEquals(Optional.of("violence"), d.reason("il va me frapper"));
    assertEquals(Optional.empty(), d.reason("une frayeur"));
  }

  @Test
  void anArabicWordMatchesWithAProcliticAttached() {
    UrgencyDetector d = detector("[urgent violence]", "ضربني");

    assertEquals(Optional.of("violence"), d.reason("وضربني البارح"));
    assertEquals(Optional.of("violence"), d.reason("كيضربني"));
    assertEquals(Optional.empty(), d.reason("ضرب الكرة"));
  }

  @Test
  void theFirstSectionThatMatchesGivesTheReason() {
    UrgencyDetector d = detector("[urgent self_harm]", "mourir", "[urgent violence]", "frappe");

    assertEquals(Optional.of("self_harm"), d.reason("il me frappe, je veux mourir"));
    assertEquals(2, d.size());
  }

  @Test
  void topicExamplesAreNotUrgentPhrases() {
    UrgencyDetector d = detector("[health]", "je veux mourir de rire");

    assertTrue(d.reason("je veux mourir de rire").isEmpty());
    assertEquals(0, d.size());
  }
}
