package org.dalil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dalil.flow.SourceLine;
import org.dalil.i18n.Catalog;
import org.junit.jupiter.api.Test;

class SimulatorPageTest {
  private static final List<String> LANGS = List.of("fr", "ar", "en");

  private static Catalog catalog() {
    return new Catalog(Map.of(
        "fr", Map.of("web.simulator.title", new Catalog.Entry("Simulateur", SourceLine.UNKNOWN),
            "web.simulator.error", new Catalog.Entry("Erreur </script> \"x\"", SourceLine.UNKNOWN)),
        "ar", Map.of("web.simulator.title", new Catalog.Entry("المحاكي <b>", SourceLine.UNKNOWN))),
        List.of("fr", "en"));
  }

  @Test
  void arabicPageIsRightToLeftAndEscaped() {
    String html = new SimulatorPage().render(catalog(), "ar");
    assertTrue(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "html element");
    assertTrue(html.contains("<meta charset=\"utf-8\">"));
    assertTrue(html.contains("المحاكي &lt;b&gt;"));
    assertFalse(html.contains("المحاكي <b>"));
  }

  @Test
  void frenchPageIsLeftToRightAndScriptTextCannotCloseTheScript() {
    String html = new SimulatorPage().render(catalog(), "fr");
    assertTrue(html.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assertTrue(html.contains("var ERROR_TEXT = \"Erreur <\\/script> \\\"x\\\"\";"), html);
  }

  @Test
  void missingKeysFallBackThenShowTheKey() {
    String html = new SimulatorPage().render(catalog(), "en");
    assertTrue(html.contains("<title>Simulateur · Dalil</title>"));
    assertTrue(html.contains("web.simulator.send"));
  }

  @Test
  void languageComesFromTheParameterThenTheBrowser() {
    assertEquals("ar", SimulatorPage.language("AR", "en", LANGS));
    assertEquals("en", SimulatorPage.language(null, "de-DE,en;q=0.8", LANGS));
    assertEquals("fr", SimulatorPage.language("xx", "de", LANGS));
    assertEquals("fr", SimulatorPage.language(null, ";;garbage", LANGS));
  }
}
