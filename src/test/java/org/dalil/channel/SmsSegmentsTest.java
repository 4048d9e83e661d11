package org.dalil.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dalil.channel.SmsSegments.Encoding;
import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

  @Test
  void emptyTextIsNoSegment() {
    assertEquals(0, SmsSegments.segments(""));
  }

  @Test
  void gsmTextFitsInOneSegmentUpTo160Characters() {
    assertEquals(Encoding.GSM_7, SmsSegments.encoding("a".repeat(160)));
    assertEquals(1, SmsSegments.segments("a"));
    assertEquals(1, SmsSegments.segments("a".repeat(160)));
    assertEquals(2, SmsSegments.segments("a".repeat(161)));
    assertEquals(2, SmsSegments.segments("a".repeat(306)));
    assertEquals(3, SmsSegments.segments("a".repeat(307)));
    assertEquals(3, SmsSegments.segments("a".repeat(459)));
    assertEquals(4, SmsSegments.segments("a".repeat(460)));
  }

  @Test
  void extensionCharactersTakeTwoSeptets() {
    assertEquals(Encoding.GSM_7, SmsSegments.encoding("Prix : 10€ [^{}\\~|]"));
    assertEquals(1, SmsSegments.segments("€".repeat(80)));
    assertEquals(2, SmsSegments.segments("€".repeat(81)));
    assertEquals(2, SmsSegments.segments("a".repeat(159) + "€"));
  }

  @Test
  void anEscapePairIsNotSplitBetweenSegments() {
    // 306 septets would fit in two segments of 153, but the € cannot straddle the boundary.
    assertEquals(3, SmsSegments.segments("a".repeat(152) + "€" + "a".repeat(152)));
  }

  @Test
  void frenchAccentsOutsideGsmForceUcs2() {
    assertEquals(Encoding.GSM_7, SmsSegments.encoding("Déjà là, où ? Ç"));
    assertEquals(Encoding.UCS_2, SmsSegments.encoding("Français"));
    assertEquals(Encoding.UCS_2, SmsSegments.encoding("être"));
    assertEquals(Encoding.UCS_2, SmsSegments.encoding("« guillemets »"));
  }

  @Test
  void arabicIs70CharactersInOneSegmentThen67() {
    assertEquals(Encoding.UCS_2, SmsSegments.encoding("مرحبا"));
    assertEquals(1, SmsSegments.segments("ب".repeat(70)));
    assertEquals(2, SmsSegments.segments("ب".repeat(71)));
    assertEquals(2, SmsSegments.segments("ب".repeat(134)));
    assertEquals(3, SmsSegments.segments("ب".repeat(135)));
  }

  @Test
  void oneNonGsmCharacterMakesTheWholeTextUcs2() {
    assertEquals(1, SmsSegments.segments("a".repeat(160)));
    assertEquals(3, SmsSegments.segments("a".repeat(159) + "ب"));
  }

  @Test
  void anEmojiForcesUcs2AndCountsTwoCodeUnits() {
    assertEquals(Encoding.UCS_2, SmsSegments.encoding("Merci 🙂"));
    assertEquals(1, SmsSegments.segments("😀".repeat(35)));
    // 72 code units: 33 emoji (66 units) in the first segment, the 34th does not fit in 67.
    assertEquals(2, SmsSegments.segments("😀".repeat(36)));
    assertEquals(3, SmsSegments.segments("😀".repeat(67)));
  }
}
