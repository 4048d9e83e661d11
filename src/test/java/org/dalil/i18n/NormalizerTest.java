package org.dalil.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NormalizerTest {

  @Test
  void nullAndEmptyGiveEmpty() {
    assertEquals("", Normalizer.normalize(null));
    assertEquals("", Normalizer.normalize(""));
    assertEquals("", Normalizer.normalize("   \t\n "));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Santé|sante",
      "SANTÉ|sante",
      "ÇA VA|ca va",
      "Élève à l'hôpital|eleve a l'hopital",
      "naïve Noël|naive noel",
      "MENU|menu",
      "İstanbul|istanbul",
      "ＭＥＮＵ|menu",
      "wa7ed|wa7ed",
  })
  void latinCaseAndAccents(String in, String out) {
    assertEquals(out, Normalizer.normalize(in));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "١٢٣|123",
      "٠|0",
      "۴۵۶|456",
      "۰۱۲۳۴۵۶۷۸۹|0123456789",
      "٠١٢٣٤٥٦٧٨٩|0123456789",
      "１２|12",
      "rue ٣|rue 3",
  })
  void everyDigitBecomesWestern(String in, String out) {
    assertEquals(out, Normalizer.normalize(in));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // alef forms
      "أحمد|احمد",
      "إسلام|اسلام",
      "آمن|امن",
      "ٱلله|الله",
      // yeh, alef maksura, Farsi yeh
      "مستشفى|مستشفي",
      "یک|يك",
      // teh marbuta, keheh
      "مدرسة|مدرسه",
      "کتاب|كتاب",
      // harakat, shadda, sukun, superscript alef
      "الصِّحَّة|الصحه",
      "مُسْتَشْفَى|مستشفي",
      "هٰذا|هذا",
      "واحدٌ|واحد",
      // tatweel
      "القـــائمة|القايمه",
      // presentation forms
      "ﻻ|لا",
      // hamza on waw and yeh is dropped too: people write مسؤول, مسئول and مسوول, قائمة and قايمة alike
      "مسؤول|مسوول",
      "رئيس|رييس",
  })
  void arabicLetterFormsAreUnified(String in, String out) {
    assertEquals(out, Normalizer.normalize(in));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.|1",
      "(1)|1",
      "1)|1",
      "  1  |1",
      "-1-|1",
      "«menu»|menu",
      "\"oui\"|oui",
      "'non'|non",
      "...menu!!!|menu",
      "¿qué?|que",
      "؟نعم؟|نعم",
      "نعم،|نعم",
      "قائمة؛|قايمه",
      "1️⃣|1",
      "merci 🙏|merci",
      "👍|''",
      "€5|5",
  })
  void punctuationSymbolsAndEmojiAtTheEndsAreRemoved(String in, String out) {
    assertEquals(out, Normalizer.normalize(in));
  }

  @Test
  void punctuationInsideIsKept() {
    assertEquals("je suis a rabat, merci", Normalizer.normalize("Je suis à Rabat, merci !"));
    assertEquals("l'hopital", Normalizer.normalize("L’hôpital".replace('’', '\'')));
  }

  @Test
  void whitespaceIsCollapsed() {
    assertEquals("bonjour tout le monde", Normalizer.normalize("  Bonjour \t tout\nle\u00A0\u00A0monde  "));
    assertEquals("changer de langue", Normalizer.normalize("changer\u202Fde   langue"));
  }

  @Test
  void invisibleDirectionMarksAreRemoved() {
    assertEquals("قايمه", Normalizer.normalize("\u200Fقائمة\u200F"));
    assertEquals("menu", Normalizer.normalize("\uFEFF\u200Emenu\u200B"));
    assertEquals("1", Normalizer.normalize("\u200F١"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Santé !", "القـائمة", "(١)", "Je suis à Rabat, merci", "«مسؤول»", "1️⃣", "ＭＥＮＵ"})
  void normalisingTwiceChangesNothing(String in) {
    String once = Normalizer.normalize(in);
    assertEquals(once, Normalizer.normalize(once));
  }

  @Test
  void westernDigitsChangesOnlyDigits() {
    assertEquals("2024-ABC-é", Normalizer.westernDigits("٢٠٢٤-ABC-é"));
    assertEquals("42", Normalizer.westernDigits("۴۲"));
    assertEquals("", Normalizer.westernDigits(null));
  }
}
