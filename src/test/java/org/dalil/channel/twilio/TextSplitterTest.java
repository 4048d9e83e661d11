package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.dalil.channel.SmsSegments;
import org.junit.jupiter.api.Test;

class TextSplitterTest {
  private static final Predicate<String> THREE_SEGMENTS = s -> SmsSegments.segments(s) <= 3;

  private static Predicate<String> atMost(int chars) {
    return s -> s.length() <= chars;
  }

  /** Every part fits, none is blank, and together they are the text, cut only at blanks. */
  private static void assertWellCut(String text, List<String> parts, Predicate<String> fits) {
    for (String part : parts) {
      assertTrue(fits.test(part), "part does not fit: " + part);
      assertFalse(part.isBlank());
      assertEquals(part.strip(), part);
    }
    assertEquals(text.replaceAll("\\s+", ""), String.join("", parts).replaceAll("\\s+", ""));
  }

  @Test
  void aTextThatFitsIsOnePart() {
    assertEquals(List.of("Bonjour."), TextSplitter.split("  Bonjour.\n", THREE_SEGMENTS));
    assertEquals(List.of(), TextSplitter.split(" \n ", THREE_SEGMENTS));
  }

  @Test
  void cutsAtTheLastSentenceEndInReach() {
    String text = "Première phrase. Deuxième phrase ! Troisième phrase ?";
    List<String> parts = TextSplitter.split(text, atMost(40));
    assertEquals(List.of("Première phrase. Deuxième phrase !", "Troisième phrase ?"), parts);
  }

  @Test
  void aLineEndIsASentenceEndButANumberedOptionIsNot() {
    String text = "Quel sujet ? Répondez par le numéro.\n1. Santé\n2. Trouver une association\n3. Parler à un bénévole";
    List<String> parts = TextSplitter.split(text, atMost(50));
    assertWellCut(text, parts, atMost(50));
    for (String part : parts) {
      assertFalse(part.matches("(?s).*\\n?[0-9]\\.$"), "cut after an option number: " + part);
    }
    assertEquals("Quel sujet ? Répondez par le numéro.\n1. Santé", parts.get(0));
  }

  @Test
  void anInitialIsNotASentenceEnd() {
    assertFalse(TextSplitter.isSentenceEnd("Voir M. Dupont", 7));
    assertFalse(TextSplitter.isSentenceEnd("Option 1. Santé", 9));
    assertFalse(TextSplitter.isSentenceEnd("Option ١. Santé", 9));
    assertTrue(TextSplitter.isSentenceEnd("Fin. Suite", 4));
    assertTrue(TextSplitter.isSentenceEnd("Il a dit \"non.\" Puis", 15));
    assertTrue(TextSplitter.isSentenceEnd("كيف حالك؟ بخير", 9));
  }

  @Test
  void arabicIsCutAtItsQuestionMarksAndFullStops() {
    String sentence = "هل لديك بطاقة إقامة؟ ";
    String text = (sentence + "اذهب إلى مكتب الأجانب في مدينتك. ").repeat(8).strip();
    List<String> parts = TextSplitter.split(text, THREE_SEGMENTS);
    assertTrue(parts.size() > 1);
    assertWellCut(text, parts, THREE_SEGMENTS);
    for (String part : parts) {
      assertTrue(part.endsWith("؟") || part.endsWith("."), "not cut at a sentence end: " + part);
    }
  }

  @Test
  void aLongSentenceIsCutBetweenWords() {
    String text = "mot ".repeat(100).strip();
    List<String> parts = TextSplitter.split(text, atMost(30));
    assertWellCut(text, parts, atMost(30));
    for (String part : parts) {
      assertTrue(part.matches("mot( mot)*"), "a word was cut: " + part);
    }
  }

  @Test
  void aWordLongerThanAPartIsCutBetweenCharactersNeverInsideOne() {
    // Emoji are surrogate pairs; a vowel sign (fatha) belongs to the letter before it.
    String text = "😀".repeat(30) + " " + "بَ".repeat(30);
    List<String> parts = TextSplitter.split(text, atMost(15));
    assertWellCut(text, parts, atMost(15));
    for (String part : parts) {
      assertFalse(Character.isLowSurrogate(part.charAt(0)), "starts inside a surrogate pair");
      assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "ends inside a surrogate pair");
      assertFalse(Character.getType(part.charAt(0)) == Character.NON_SPACING_MARK, "a vowel sign lost its letter");
    }
  }

  @Test
  void theSmsRuleCountsSegmentsNotCharacters() {
    String gsm = "a".repeat(459);
    assertEquals(1, TextSplitter.split(gsm, THREE_SEGMENTS).size());
    String ucs = "é".repeat(200) + "ê";
    assertEquals(1, TextSplitter.split(ucs, THREE_SEGMENTS).size(), "201 UCS-2 characters are three segments");
    assertEquals(2, TextSplitter.split(ucs + "ê", THREE_SEGMENTS).size());
  }
}
