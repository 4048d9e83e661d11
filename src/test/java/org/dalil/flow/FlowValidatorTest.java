package org.dalil.flow;

import static org.dalil.flow.ProblemAssertions.assertHasError;
import static org.dalil.flow.ProblemAssertions.assertHasWarning;
import static org.dalil.flow.ProblemAssertions.assertNoProblemMentioning;
import static org.dalil.flow.ProblemAssertions.assertSingleError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The checks across files: each error or warning kind on a small change of the minimal content. */
class FlowValidatorTest {
  private static final String HEALTH = "flows/health.yaml";
  private static final String SETTINGS = "flows/settings.yaml";
  private static final String DIRECTORY = "flows/directory.yaml";

  @Test
  void theMinimalContentHasNoProblem() {
    FlowSetLoader.Result result = ContentSources.minimal().load();
    assertTrue(result.ok());
    assertEquals(List.of(), result.problems());
  }

  // ---- errors ----

  @Test
  void unknownTargetInTheSameFlow() {
    ContentSources c = ContentSources.minimal().replace(HEALTH, "goto: more", "goto: moar");
    FlowSetLoader.Result result = c.load();
    assertSingleError(result, HEALTH, c.lineOf(HEALTH, "goto: moar"), "unknown target `health.moar`: flow `health` has no node `moar`");
  }

  @Test
  void unknownFlowInAnOption() {
    ContentSources c = ContentSources.minimal().replace("flows/main.yaml", "goto: health.start", "goto: wellbeing.start");
    assertHasError(c.load(), "flows/main.yaml", c.lineOf("flows/main.yaml", "wellbeing"), "there is no flow `wellbeing`");
  }

  @Test
  void unknownNodeOfAJump() {
    ContentSources c = ContentSources.minimal().replace(HEALTH, "jump: main", "jump: main.nowhere");
    assertSingleError(c.load(), HEALTH, c.lineOf(HEALTH, "jump:"), "flow `main` has no node `nowhere`");
  }

  @Test
  void unknownTargetOfALookup() {
    ContentSources c = ContentSources.minimal().replace("flows/services.yaml", "none: nothing_found", "none: nothing");
    assertSingleError(c.load(), "flows/services.yaml", c.lineOf("flows/services.yaml", "none:"), "no node `nothing`");
  }

  @Test
  void settingsNamingAMissingNode() {
    ContentSources c = ContentSources.minimal().replace(SETTINGS, "offer_human: human.offer", "offer_human: human.proposal");
    assertSingleError(c.load(), SETTINGS, c.lineOf(SETTINGS, "offer_human"), "`offer_human`: unknown target `human.proposal`");
  }

  @Test
  void duplicateNodeIds() {
    ContentSources c = ContentSources.minimal().replace(HEALTH, "  - id: quit", "  - id: back");
    FlowSetLoader.Result result = c.load();
    assertHasError(result, HEALTH, 18, "duplicate node id `back` (first on line 16)");
  }

  @Test
  void duplicateFlowIds() {
    ContentSources c = ContentSources.minimal().put("flows/health2.yaml", "flow: health\nnodes:\n  - id: start\n    end: ~\n");
    FlowSetLoader.Result result = c.load();
    assertHasError(result, "flows/health2.yaml", 1, "flow `health` is also defined in flows/health.yaml");
    assertHasError(result, "flows/health2.yaml", 1, "must equal the file name `health2`");
  }

  @Test
  void menuWithoutOptions() {
    FlowSetLoader.Result result = ContentSources.minimal().put(HEALTH, """
        flow: health
        nodes:
          - id: start
            menu: common.what_next
            options: []
        """).load();
    assertSingleError(result, HEALTH, 5, "menu `start` has no options");
  }

  @Test
  void menuWithTheOptionsFieldMissing() {
    FlowSetLoader.Result result = ContentSources.minimal().put(HEALTH, """
        flow: health
        nodes:
          - id: start
            menu: common.what_next
        """).load();
    assertSingleError(result, HEALTH, 3, "menu `start` has no options");
  }

  @Test
  void menuWithTwoOptionsOfTheSameLabel() {
    FlowSetLoader.Result result = ContentSources.minimal().put(HEALTH, """
        flow: health
        nodes:
          - id: start
            menu: common.what_next
            options:
              - {label: common.quit, goto: quit}
              - {label: common.find_service, goto: services.start}
              - {label: common.quit, goto: main.menu}
          - id: quit
            end: ~
        """).load();
    assertSingleError(result, HEALTH, 8, "two options labelled `common.quit` (first on line 6)");
  }

  @Test
  void menuWithMoreThanTenOptions() {
    String options = IntStream.rangeClosed(1, 11)
        .mapToObj(i -> "      - {label: common.quit, goto: quit}\n".replace("common.quit", i % 2 == 0 ? "common.quit" : "common.find_service"))
        .collect(Collectors.joining());
    // Distinct labels are not the point here: count only the error about the number of options.
    FlowSetLoader.Result result = ContentSources.minimal().put(HEALTH,
        "flow: health\nnodes:\n  - id: start\n    menu: common.what_next\n    options:\n" + options + "  - id: quit\n    end: ~\n").load();
    assertHasError(result, HEALTH, 5, "has 11 options; the most is 10");
  }

  @Test
  void loopThatNeverWaits() {
    FlowSetLoader.Result result = ContentSources.minimal().put(HEALTH, """
        flow: health
        nodes:
          - id: start
            message: health.intro
            goto: again
          - id: again
            set_language: fr
            goto: elsewhere
          - id: elsewhere
            jump: health.start
        """).load();
    assertSingleError(result, HEALTH, 3,
        "loop that never waits for the user: health.start -> health.again -> health.elsewhere -> health.start");
  }

  @Test
  void loopThroughALookupAcrossFlows() {
    ContentSources c = ContentSources.minimal()
        .replace("flows/services.yaml", "found: after", "found: health.start")
        .put(HEALTH, """
            flow: health
            nodes:
              - id: start
                message: health.intro
                goto: services.find
            """);
    FlowSetLoader.Result result = c.load();
    assertSingleError(result, HEALTH, 3, "health.start -> services.find -> health.start");
  }

  @Test
  void aMenuOnTheCycleIsNotALoop() {
    FlowSetLoader.Result result = ContentSources.minimal().replace(HEALTH, "jump: main", "jump: health").load();
    assertTrue(result.ok(), result.problems()::toString);
  }

  @Test
  void keyMissingInOneLanguage() {
    ContentSources c = ContentSources.minimal().removeKey("i18n/ar.properties", "health.intro");
    assertSingleError(c.load(), HEALTH, c.lineOf(HEALTH, "message: health.intro"), "key `health.intro` is missing in i18n/ar.properties");
  }

  @Test
  void keyOfAMenuOptionMissing() {
    ContentSources c = ContentSources.minimal().replace(HEALTH, "label: common.quit", "label: common.leave");
    FlowSetLoader.Result result = c.load();
    assertHasError(result, HEALTH, 15, "key `common.leave` is missing in i18n/fr.properties");
    assertHasError(result, HEALTH, 15, "key `common.leave` is missing in i18n/ar.properties");
    assertEquals(3, result.errors().size(), result.problems()::toString);
  }

  @Test
  void keyOfAChoiceValueMissing() {
    ContentSources c = ContentSources.minimal().removeKey("i18n/en.properties", "city.oujda");
    FlowSetLoader.Result result = c.load();
    assertSingleError(result, SETTINGS, c.lineOf(SETTINGS, "city: [rabat, oujda]"), "key `city.oujda` is missing in i18n/en.properties");
  }

  @Test
  void systemKeyMissing() {
    ContentSources c = ContentSources.minimal().removeKey("i18n/fr.properties", "sys.stopped");
    assertSingleError(c.load(), "i18n/fr.properties", 0, "key `sys.stopped` (used by the code) is missing");
  }

  @Test
  void numberWordMissing() {
    ContentSources c = ContentSources.minimal().removeKey("i18n/ar.properties", "numbers.10");
    assertSingleError(c.load(), "i18n/ar.properties", 0, "key `numbers.10`");
  }

  @Test
  void languageFileMissing() {
    ContentSources c = ContentSources.minimal().remove("i18n/ar.properties");
    assertSingleError(c.load(), SETTINGS, c.lineOf(SETTINGS, "languages:"), "i18n/ar.properties is missing");
  }

  @Test
  void unknownChoiceList() {
    ContentSources c = ContentSources.minimal().replace("flows/services.yaml", "{one_of: city}", "{one_of: town}");
    assertSingleError(c.load(), "flows/services.yaml", 7, "unknown choice list `town`");
  }

  @Test
  void unknownLanguageOfSetLanguage() {
    ContentSources c = ContentSources.minimal().replace("flows/welcome.yaml", "set_language: en", "set_language: de");
    assertSingleError(c.load(), "flows/welcome.yaml", c.lineOf("flows/welcome.yaml", "set_language: de"), "unknown language `de`");
  }

  @Test
  void badDurationInSettings() {
    ContentSources c = ContentSources.minimal().replace(SETTINGS, "silence_timeout: PT24H", "silence_timeout: 24 hours");
    assertSingleError(c.load(), SETTINGS, 8, "bad duration `24 hours`");
  }

  @Test
  void missingSettingsField() {
    ContentSources c = ContentSources.minimal().replace(SETTINGS, "human: human.start\n", "");
    assertSingleError(c.load(), SETTINGS, 2, "missing field `human`");
  }

  @Test
  void unknownSettingsField() {
    ContentSources c = ContentSources.minimal().append(SETTINGS, "welcome_text: hello\n");
    assertSingleError(c.load(), SETTINGS, 12, "unknown field `welcome_text` in settings.yaml");
  }

  @Test
  void languagesMustBeAList() {
    ContentSources c = ContentSources.minimal().replace(SETTINGS, "languages: [fr, ar, en]", "languages: fr");
    assertHasError(c.load(), SETTINGS, 2, "`languages` must be a list, not text `fr`");
  }

  @Test
  void maxMissesMustBeANumber() {
    ContentSources c = ContentSources.minimal().replace(SETTINGS, "max_misses: 3", "max_misses: three");
    assertSingleError(c.load(), SETTINGS, 9, "`max_misses` must be a whole number, not `three`");
  }

  @Test
  void badChoiceValue() {
    ContentSources c = ContentSources.minimal().replace(SETTINGS, "city: [rabat, oujda]", "city: [rabat, oujda, Fès]");
    assertSingleError(c.load(), SETTINGS, 11, "bad id `Fès` in choice list `city`");
  }

  @Test
  void missingSettingsFile() {
    assertHasError(ContentSources.minimal().remove(SETTINGS).load(), SETTINGS, 0, "missing flows/settings.yaml");
  }

  @Test
  void directoryCityNotInTheChoiceList() {
    ContentSources c = ContentSources.minimal().replace(DIRECTORY, "cities: [oujda]", "cities: [oujda, paris]");
    assertSingleError(c.load(), DIRECTORY, 21, "unknown city `paris` in organisation `closed_org`");
  }

  @Test
  void directoryEntryWithoutName() {
    ContentSources c = ContentSources.minimal().replace(DIRECTORY, "    name: National Line\n", "");
    assertSingleError(c.load(), DIRECTORY, 11, "missing field `name` in organisation `national_line`");
  }

  @Test
  void directoryEntryWithoutId() {
    ContentSources c = ContentSources.minimal().replace(DIRECTORY, "  - id: closed_org\n    name", "  - name");
    assertSingleError(c.load(), DIRECTORY, 21, "missing field `id`");
  }

  @Test
  void duplicateDirectoryIds() {
    ContentSources c = ContentSources.minimal().replace(DIRECTORY, "id: closed_org", "id: rabat_health");
    assertSingleError(c.load(), DIRECTORY, 21, "duplicate organisation id `rabat_health` (first on line 2)");
  }

  @Test
  void unknownContactField() {
    ContentSources c = ContentSources.minimal().replace(DIRECTORY, "email: \"help@example.org\"", "fax: \"+212 500\"");
    assertSingleError(c.load(), DIRECTORY, 18, "unknown contact field `fax`");
  }

  // ---- warnings ----

  @Test
  void unreachableNode() {
    ContentSources c = ContentSources.minimal().replace(HEALTH, "      - {label: common.quit, goto: quit}\n", "");
    FlowSetLoader.Result result = c.load();
    assertHasWarning(result, HEALTH, c.lineOf(HEALTH, "- id: quit"), "node `quit` is unreachable");
    assertHasWarning(result, "i18n/fr.properties", c.lineOf("i18n/fr.properties", "common.quit="), "unused key `common.quit`");
  }

  @Test
  void unreachableFlow() {
    ContentSources c = ContentSources.minimal().put("flows/extra.yaml", "flow: extra\nnodes:\n  - id: start\n    end: main.bye\n");
    FlowSetLoader.Result result = c.load();
    assertHasWarning(result, "flows/extra.yaml", 1, "flow `extra` is never reached");
    assertEquals(1, result.warnings().size(), result.problems()::toString);
  }

  @Test
  void unusedKeyIsReportedOnceWhereItIsFirstWritten() {
    ContentSources c = ContentSources.minimal()
        .append("i18n/fr.properties", "old.text=Ancien texte\nold.text.sms=Ancien\n")
        .append("i18n/en.properties", "old.text=Old text\n");
    FlowSetLoader.Result result = c.load();
    assertHasWarning(result, "i18n/fr.properties", c.lineOf("i18n/fr.properties", "old.text="), "unused key `old.text`");
    assertEquals(1, result.warnings().size(), result.problems()::toString);
  }

  @Test
  void reservedAndSuffixedKeysAreNeverUnused() {
    ContentSources c = ContentSources.minimal()
        .append("i18n/en.properties", "sys.extra=x\nweb.title=Dalil\nkeywords.extra=x\nnumbers.11=eleven\n"
            + "main.menu.human.keywords=person\ncity.rabat.sms=Rabat\nwelcome.intro.sms=Dalil. 0 = menu\n");
    FlowSetLoader.Result result = c.load();
    assertTrue(result.ok());
    assertEquals(List.of(), result.problems());
  }

  @Test
  void suffixWithoutBaseKey() {
    ContentSources c = ContentSources.minimal().append("i18n/ar.properties", "main.menu.visa.keywords=فيزا\n");
    assertHasWarning(c.load(), "i18n/ar.properties", c.lineOf("i18n/ar.properties", "main.menu.visa"),
        "`main.menu.visa.keywords` has no base key `main.menu.visa`");
  }

  @Test
  void placeholderInATextAndInTheDirectory() {
    ContentSources c = ContentSources.minimal()
        .replace("i18n/en.properties", "main.bye=Goodbye.", "main.bye=TODO: goodbye.")
        .replace(DIRECTORY, "+212 500 000 003", "???");
    FlowSetLoader.Result result = c.load();
    assertHasWarning(result, "i18n/en.properties", c.lineOf("i18n/en.properties", "main.bye="), "placeholder `TODO` left in `main.bye`");
    assertHasWarning(result, DIRECTORY, 21, "placeholder `???` left in organisation `closed_org`");
  }

  @Test
  void placeholdersAreWholeWordsInAnyCase() {
    assertEquals("TBD", FlowValidator.placeholder("Adresse : TBD"));
    assertEquals("fixme", FlowValidator.placeholder("à compléter fixme"));
    assertEquals("xxx", FlowValidator.placeholder("Tél : +212 6 xxx"));
    assertEquals("[nom de l'association]", FlowValidator.placeholder("Appelez [nom de l'association]."));
    assertEquals("???", FlowValidator.placeholder("Horaires ???"));
    assertNull(FlowValidator.placeholder("Todos los servicios"));
    assertNull(FlowValidator.placeholder("Taille XXXL"));
    assertNull(FlowValidator.placeholder("Bonjour {name}, une question ?"));
  }

  @Test
  void smsLongerThanThreeSegments() {
    String longArabic = "هذه رسالة طويلة جدا. ".repeat(12); // 252 UTF-16 units: UCS-2, 4 segments
    ContentSources c = ContentSources.minimal().replace("i18n/ar.properties",
        "services.none=لم نجد أي جمعية في {city}.", "services.none=" + longArabic);
    FlowSetLoader.Result result = c.load();
    assertHasWarning(result, "flows/services.yaml", 19, "`services.none` in ar takes 4 SMS segments (UCS_2");
    assertEquals(1, result.warnings().size(), result.problems()::toString);
  }

  @Test
  void anSmsVariantKeepsTheTextShort() {
    String longArabic = "هذه رسالة طويلة جدا. ".repeat(12);
    ContentSources c = ContentSources.minimal()
        .replace("i18n/ar.properties", "services.none=لم نجد أي جمعية في {city}.",
            "services.none=" + longArabic + "\nservices.none.sms=لا توجد جمعية.");
    assertEquals(List.of(), c.load().problems());
  }

  @Test
  void theOptionsOfAMenuCountInItsSms() {
    // The prompt alone fits in 3 GSM segments (416 of 459 characters); the options push it past.
    ContentSources c = ContentSources.minimal()
        .replace("i18n/en.properties", "main.menu=Which topic? Reply with the number.",
            "main.menu=" + "Which topic? ".repeat(32));
    assertHasWarning(c.load(), "flows/main.yaml", 4, "`main.menu` in en takes 4 SMS segments (GSM_7");
  }

  @Test
  void allLanguagesTextsAreOneSms() {
    // Each language alone fits in 3 segments; together they do not.
    ContentSources c = ContentSources.minimal()
        .replace("i18n/fr.properties", "welcome.start=Bienvenue. Votre langue ?", "welcome.start=" + "Bienvenue. ".repeat(14))
        .replace("i18n/en.properties", "welcome.start=Welcome. Your language?", "welcome.start=" + "Welcome. ".repeat(14));
    FlowSetLoader.Result result = c.load();
    assertHasWarning(result, "flows/welcome.yaml", 5, "`welcome.start` in all languages takes");
    assertNoProblemMentioning(result, "in fr takes");
  }
}
