package org.dalil.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.dalil.flow.Problem;
import org.dalil.flow.SourceLine;
import org.junit.jupiter.api.Test;

class PropertiesReaderTest {
  private static final String FILE = "i18n/fr.properties";

  private static Map<String, Catalog.Entry> read(String text, List<Problem> problems) {
    return PropertiesReader.read(FILE, text, problems);
  }

  @Test
  void readsKeysWithTheirLines() {
    List<Problem> problems = new ArrayList<>();
    Map<String, Catalog.Entry> entries = read("""
        # commentaire
        ! autre commentaire
        a.b=Bonjour

        c.d : Salam مرحبا
        e.f   valeur avec espaces
        """, problems);
    assertEquals(List.of(), problems);
    assertEquals(List.of("a.b", "c.d", "e.f"), List.copyOf(entries.keySet()));
    assertEquals(new Catalog.Entry("Bonjour", new SourceLine(FILE, 3)), entries.get("a.b"));
    assertEquals(new Catalog.Entry("Salam مرحبا", new SourceLine(FILE, 5)), entries.get("c.d"));
    assertEquals("valeur avec espaces", entries.get("e.f").text());
  }

  @Test
  void continuationLinesAndEscapes() {
    List<Problem> problems = new ArrayList<>();
    Map<String, Catalog.Entry> entries = read(
        "long=Une phrase \\\n    sur deux lignes\n"
            + "escaped=Ligne 1\\nLigne 2\\tTab \\u00e9t\\u00E9 \\\\ fin\n"
            + "key\\ with\\=odd=chars\n"
            + "after=3\n", problems);
    assertEquals(List.of(), problems);
    assertEquals("Une phrase sur deux lignes", entries.get("long").text());
    assertEquals(1, entries.get("long").line().line());
    assertEquals("Ligne 1\nLigne 2\tTab été \\ fin", entries.get("escaped").text());
    assertEquals("chars", entries.get("key with=odd").text());
    assertEquals(5, entries.get("after").line().line());
  }

  @Test
  void agreesWithJavaUtilProperties() throws IOException {
    String text = "a=1\nb : deux\\\n  trois\nc\\:d=\\u0041\\\\\n  # not a comment inside\nd\n e = spaced \\\n";
    Properties expected = new Properties();
    expected.load(new StringReader(text));
    List<Problem> problems = new ArrayList<>();
    Map<String, Catalog.Entry> entries = read(text, problems);
    assertEquals(List.of(), problems);
    assertEquals(expected.stringPropertyNames(), entries.keySet());
    for (String key : expected.stringPropertyNames()) {
      assertEquals(expected.getProperty(key), entries.get(key).text(), key);
    }
  }

  @Test
  void windowsLineEndingsAndByteOrderMark() {
    List<Problem> problems = new ArrayList<>();
    Map<String, Catalog.Entry> entries = read("\uFEFFa=1\r\nb=2\r\n", problems);
    assertEquals(List.of(), problems);
    assertEquals("1", entries.get("a").text());
    assertEquals(new SourceLine(FILE, 2), entries.get("b").line());
  }

  @Test
  void duplicateKeyIsAnErrorAndTheFirstIsKept() {
    List<Problem> problems = new ArrayList<>();
    Map<String, Catalog.Entry> entries = read("a=1\nb=2\na=3\n", problems);
    assertEquals(List.of(Problem.error(new SourceLine(FILE, 3), "duplicate key `a` (first on line 1)")), problems);
    assertEquals("1", entries.get("a").text());
  }

  @Test
  void malformedUnicodeEscapeIsAnError() {
    List<Problem> problems = new ArrayList<>();
    read("a=1\nb=\\u12G4\n", problems);
    assertEquals(1, problems.size());
    assertEquals(new SourceLine(FILE, 2), problems.getFirst().where());
    assertTrue(problems.getFirst().message().contains("escape"));
  }

  @Test
  void valueWithoutKeyIsAnError() {
    List<Problem> problems = new ArrayList<>();
    read("=orphan\n", problems);
    assertEquals(List.of(Problem.error(new SourceLine(FILE, 1), "a line has a value but no key")), problems);
  }
}
