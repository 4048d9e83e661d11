package org.dalil.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyMatcherTest {
  private final FlowSet set = TestContent.standard();
  private final Vocabulary vocabulary = new Vocabulary(set.catalog());
  private final List<String> cities = List.of("rabat", "oujda", "casablanca");
  private final List<String> twoOptions = List.of("main.menu.health", "main.menu.services");

  @Test
  void numbersOutOfTheMenuChooseNothing() {
    assertEquals(OptionalInt.empty(), ReplyMatcher.menuOption(twoOptions, vocabulary, "3"));
    assertEquals(OptionalInt.empty(), ReplyMatcher.menuOption(twoOptions, vocabulary, "trois"));
    assertEquals(OptionalInt.empty(), ReplyMatcher.menuOption(twoOptions, vocabulary, "0"));
    assertEquals(OptionalInt.empty(), ReplyMatcher.menuOption(twoOptions, vocabulary, "99999999999999999999999"));
    assertEquals(OptionalInt.of(2), ReplyMatcher.menuOption(twoOptions, vocabulary, "02"));
  }

  @Test
  void aLabelIsMatchedInAnyLanguageNotJustTheContacts() {
    assertEquals(OptionalInt.of(2), ReplyMatcher.menuOption(twoOptions, vocabulary, "Find an organisation"));
    assertEquals(OptionalInt.of(2), ReplyMatcher.menuOption(twoOptions, vocabulary, "البحث عن جمعية"));
    assertEquals(OptionalInt.empty(), ReplyMatcher.menuOption(twoOptions, vocabulary, "association"));
  }

  @Test
  void aChoiceContainedInASentenceMustBeTheOnlyOne() {
    assertEquals(Optional.of("rabat"), ReplyMatcher.choice(cities, "city", vocabulary, "j'habite à Rabat."));
    assertEquals(Optional.of("oujda"), ReplyMatcher.choice(cities, "city", vocabulary, "Oujda, Oujda!"));
    assertEquals(Optional.empty(), ReplyMatcher.choice(cities, "city", vocabulary, "rabat ou oujda"));
    // whole words only: "rbati" is not "rbat"
    assertEquals(Optional.empty(), ReplyMatcher.choice(cities, "city", vocabulary, "je suis rbati"));
  }

  @Test
  void onlyAnExactChoiceIsExplicit() {
    Accept oneOf = new Accept.OneOf("city");
    Map<String, List<String>> lists = Map.of("city", cities);
    assertEquals(Optional.of("rabat"), ReplyMatcher.explicitAnswer(oneOf, lists, vocabulary, "Rabat"));
    assertEquals(Optional.empty(), ReplyMatcher.explicitAnswer(oneOf, lists, vocabulary, "à Rabat"));
    assertEquals(Optional.of("rabat"), ReplyMatcher.answer(oneOf, lists, vocabulary, "à Rabat"));
    assertEquals(Optional.empty(), ReplyMatcher.explicitAnswer(new Accept.AnyText(10), lists, vocabulary, "Rabat"));
    assertEquals(Optional.empty(), ReplyMatcher.answer(new Accept.OneOf("unknown"), lists, vocabulary, "Rabat"));
  }

  @ParameterizedTest
  @CsvSource({"42,42", "٤٢,42", "۴۲,42", "-7,-7", "−7,-7", "-٧,-7", "'  8 ',8"})
  void wholeNumbers(String reply, long expected) {
    assertEquals(OptionalLong.of(expected), ReplyMatcher.wholeNumber(reply));
  }

  @Test
  void notWholeNumbers() {
    for (String reply : List.of("4.5", "4,5", "quatre", "4 2", "", "1e3", "12345678901234567890")) {
      assertEquals(OptionalLong.empty(), ReplyMatcher.wholeNumber(reply), reply);
    }
  }

  @Test
  void aBadPatternAcceptsNothing() {
    assertEquals(Optional.empty(), ReplyMatcher.answer(new Accept.Matching("(["), Map.of(), vocabulary, "x"));
  }

  @Test
  void aPatternMatchesEveryReplyThatFitsItInAnyDigits() {
    Accept code = new Accept.Matching("[0-9]{4}");
    // Asked twice: the second reply goes through the pattern compiled for the first.
    assertEquals(Optional.of("1234"), ReplyMatcher.answer(code, Map.of(), vocabulary, " 1234 "));
    assertEquals(Optional.of("1234"), ReplyMatcher.answer(code, Map.of(), vocabulary, "١٢٣٤"));
    assertEquals(Optional.empty(), ReplyMatcher.answer(code, Map.of(), vocabulary, "123"));
    assertEquals(Optional.empty(), ReplyMatcher.answer(code, Map.of(), vocabulary, ""));
  }

  @Test
  void globalKeywordsInEveryLanguage() {
    assertEquals(Optional.of(GlobalKeyword.MENU), vocabulary.globalKeyword("Accueil"));
    assertEquals(Optional.of(GlobalKeyword.MENU), vocabulary.globalKeyword("قائمة"));
    assertEquals(Optional.of(GlobalKeyword.LANGUAGE), vocabulary.globalKeyword("اللغة"));
    assertEquals(Optional.of(GlobalKeyword.HUMAN), vocabulary.globalKeyword("benevole"));
    assertEquals(Optional.of(GlobalKeyword.STOP), vocabulary.globalKeyword("Arrêt !"));
    assertEquals(Optional.of(GlobalKeyword.STOP), vocabulary.globalKeyword("unsubscribe"));
    assertEquals(Optional.empty(), vocabulary.globalKeyword("je veux le menu"));
    assertEquals(Optional.empty(), vocabulary.globalKeyword(""));
    assertEquals(Optional.empty(), vocabulary.globalKeyword(null));
  }
}
