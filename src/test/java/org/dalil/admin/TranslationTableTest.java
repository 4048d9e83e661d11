package org.dalil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dalil.channel.SmsSegments;
import org.junit.jupiter.api.Test;

class TranslationTableTest {
  private static final Map<String, String> SOURCES = Map.of(
      "i18n/fr.properties", "# comment\nmain.bye=Au revoir\nmain.menu=Quel sujet ?\nhealth.intro=Santé\n",
      "i18n/ar.properties", "main.bye=مع السلامة\nmain.menu=أي موضوع؟\n",
      "i18n/en.properties", "main.bye=Bye\nmain.menu=Which topic?\nhealth.intro=Health\n");

  private static TranslationTable.Cell cell(List<TranslationTable.Row> rows, String key, String language) {
    return rows.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().cells().stream()
        .filter(c -> c.language().equals(language)).findFirst().orElseThrow();
  }

  @Test
  void aMissingTranslationIsMarkedAndTheMissingFilterKeepsOnlyItsRows() {
    List<TranslationTable.Row> all = TranslationTable.rows(SOURCES, Map.of(), null, false);
    assertEquals(3, all.size());
    assertTrue(cell(all, "health.intro", "ar").missing());
    assertEquals("rtl", cell(all, "main.bye", "ar").dir());
    List<TranslationTable.Row> missing = TranslationTable.rows(SOURCES, Map.of(), null, true);
    assertEquals(List.of("health.intro"), missing.stream().map(TranslationTable.Row::key).toList());
    assertEquals(List.of("main.bye", "main.menu"),
        TranslationTable.rows(SOURCES, Map.of(), "main", false).stream().map(TranslationTable.Row::key).toList());
  }

  @Test
  void aTranslationIsOutdatedWhenTheFrenchChangedAfterIt() {
    Map<String, Map<String, String>> savedFrom = Map.of(
        "main.bye", Map.of("ar", TranslationTable.hash("Au revoir")),
        "main.menu", Map.of("ar", TranslationTable.hash("Quel sujet ? (ancien)")));
    List<TranslationTable.Row> rows = TranslationTable.rows(SOURCES, savedFrom, null, false);
    assertFalse(cell(rows, "main.bye", "ar").outdated());
    assertTrue(cell(rows, "main.menu", "ar").outdated());
    assertFalse(cell(rows, "main.menu", "en").outdated());
  }

  @Test
  void eachTextHasItsSmsSegmentCount() {
    List<TranslationTable.Row> rows = TranslationTable.rows(SOURCES, Map.of(), null, false);
    assertEquals(SmsSegments.segments("أي موضوع؟"), cell(rows, "main.menu", "ar").segments());
    assertEquals(0, cell(rows, "health.intro", "ar").segments());
  }

  @Test
  void editingAKeyKeepsTheOtherLinesAndAnAbsentKeyIsAppended() {
    String fr = SOURCES.get("i18n/fr.properties");
    String changed = PropertiesEditor.set(fr, "i18n/fr.properties", "main.menu", "Quel thème ?\nRépondez");
    assertEquals("# comment\nmain.bye=Au revoir\nmain.menu=Quel thème ?\\nRépondez\nhealth.intro=Santé\n", changed);
    assertEquals(fr + "main.new=Nouveau\n", PropertiesEditor.set(fr, "i18n/fr.properties", "main.new", "Nouveau"));
    assertEquals("# comment\nmain.menu=Quel sujet ?\nhealth.intro=Santé\n",
        PropertiesEditor.set(fr, "i18n/fr.properties", "main.bye", null));
  }

  @Test
  void aLineDiffShowsWhatWasAddedAndRemoved() {
    List<LineDiff.FileDiff> diff = LineDiff.between(Map.of("a", "x\ny\nz", "gone", "1"), Map.of("a", "x\nY\nz", "new", "2"));
    assertEquals(List.of("a", "gone", "new"), diff.stream().map(LineDiff.FileDiff::path).toList());
    LineDiff.FileDiff a = diff.get(0);
    assertEquals(1, a.added());
    assertEquals(1, a.removed());
    assertEquals(List.of(' ', '-', '+', ' '), a.lines().stream().map(LineDiff.Line::op).toList());
  }
}
