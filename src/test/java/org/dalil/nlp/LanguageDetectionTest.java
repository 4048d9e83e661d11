package org.dalil.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dalil.flow.Understanding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The language of short messages, with the shipped content's texts and OpenNLP's model. */
class LanguageDetectionTest {

  private static Understanding classify(String text) {
    return ShippedContent.classifier().classify(text, null);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      je suis malade                      | fr
      où est l'hôpital                    | fr
      merci beaucoup madame               | fr
      j'ai besoin d'aide pour mes papiers | fr
      je suis au 2eme étage               | fr
      i am sick                           | en
      where is the hospital               | en
      thank you so much                   | en
      i need help with my papers          | en
      مرحبا                                | ar
      أريد طبيبا                           | ar
      بغيت نخدم                            | ar
      واش كاين شي سبيطار قريب              | ar
      """)
  void shortMessagesInEachLanguage(String text, String language) {
    assertEquals(language, classify(text).language(), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"مرحبا", "بغيت نخدم", "ولدي مريض بزاف", "أريد تجديد بطاقة الإقامة"})
  void arabicScriptIsArabicWithConfidenceEvenInOneWord(String text) {
    Understanding u = classify(text);

    assertEquals("ar", u.language());
    assertTrue(u.confidentLanguage().isPresent(), () -> text + ": " + u);
  }

  @ParameterizedTest
  @ValueSource(strings = {"salam bghit n3ref", "wach kayn chi khedma", "3afak bghit tbib", "ana mrid bzaf"})
  void darijaInLatinLettersIsArabicButNeverEnoughToSwitch(String text) {
    Understanding u = classify(text);

    assertEquals("ar", u.language(), text);
    assertTrue(u.languageConfidence() < Understanding.CONFIDENT_LANGUAGE, () -> text + ": " + u);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bonjour", "hello", "merci", "ok", "salut"})
  void oneLatinWordIsNeverEnoughToSwitch(String text) {
    assertTrue(classify(text).confidentLanguage().isEmpty(), text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      je cherche un travail à Casablanca         | fr
      mon enfant a de la fièvre depuis hier soir | fr
      I am looking for a job in Casablanca       | en
      my child has had a fever since last night  | en
      """)
  void aSentenceInLatinLettersIsConfident(String text, String language) {
    Understanding u = classify(text);

    assertEquals(language, u.confidentLanguage().orElse(null), () -> text + ": " + u);
  }

  @Test
  void theChannelsHintDecidesWhatTheWordsCannot() {
    MessageClassifier c = ShippedContent.classifier();

    assertEquals("fr", c.classify("ok", "fr").language());
    assertEquals("en", c.classify("ok", "en-GB").language());
    assertEquals("ar", c.classify("ok", "ar").language());
  }

  @Test
  void aHintAloneIsALanguageButNotACertainOne() {
    Understanding u = ShippedContent.classifier().classify("👍", "fr-FR");

    assertEquals("fr", u.language());
    assertTrue(u.confidentLanguage().isEmpty());
  }

  @Test
  void aHintDoesNotOverruleTheScript() {
    assertEquals("ar", ShippedContent.classifier().classify("ولدي مريض", "en").language());
  }

  @Test
  void withoutLettersOrHintThereIsNoLanguage() {
    assertNull(classify("👍 123").language());
    assertNull(ShippedContent.classifier().classify("👍", "de").language());
    assertNull(classify("").language());
  }
}
