package org.dalil.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dalil.channel.OutboundMessage;
import org.junit.jupiter.api.Test;

class MessageRendererTest {
  private final FlowSet set = TestContent.standard();
  private final MessageRenderer renderer = new MessageRenderer();

  private OutboundMessage render(Event event) {
    return renderer.render(set, event).orElseThrow();
  }

  private static Event.SendText text(String key, String language, Map<String, String> variables) {
    return new Event.SendText(List.of(new TextRef(key, variables, language)));
  }

  @Test
  void paragraphsAreJoinedByLinesInTheFirstParagraphsLanguage() {
    OutboundMessage m = render(new Event.SendText(List.of(
        TextRef.of("welcome.intro", "ar"), TextRef.of("welcome.intro", "fr"), TextRef.of("welcome.intro", "en"))));

    assertEquals("دليل يخبرك.\nDalil vous informe.\nDalil informs you.", m.text());
    assertEquals(List.of(), m.options());
    assertEquals("ar", m.language());
  }

  @Test
  void aMenuHasItsPromptAndNumberedLabels() {
    OutboundMessage m = render(new Event.SendMenu(
        List.of(TextRef.of("main.menu", "ar")),
        List.of(new Event.Choice(1, TextRef.of("main.menu.health", "ar")),
            new Event.Choice(2, TextRef.of("main.menu.services", "ar")))));

    assertEquals("أي موضوع؟", m.text());
    assertEquals(List.of(new OutboundMessage.Option(1, "الصحة"), new OutboundMessage.Option(2, "البحث عن جمعية")),
        m.options());
    assertEquals("أي موضوع؟\n1. الصحة\n2. البحث عن جمعية", m.asPlainText());
  }

  @Test
  void placeholdersTakeTheVariables() {
    OutboundMessage m = render(text("sys.reprompt.menu", "fr", Map.of("max", "6", "topic", "health")));

    assertEquals("Répondez de 1 à 6.", m.text());
  }

  @Test
  void aValueOfAChoiceListIsShownByItsLabelInTheLanguage() {
    assertEquals("لا شيء في الرباط.", render(text("services.none", "ar", Map.of("city", "rabat"))).text());
    assertEquals("Rien à Casablanca.", render(text("services.none", "fr", Map.of("city", "casablanca"))).text());
  }

  @Test
  void aValueOutsideTheChoiceListIsShownAsItIs() {
    assertEquals("Rien à Paris.", render(text("services.none", "fr", Map.of("city", "Paris"))).text());
  }

  @Test
  void unknownPlaceholdersStayAsWritten() {
    assertEquals("Rien à {city}.", render(text("services.none", "fr", Map.of())).text());
  }

  @Test
  void variablesAreInsertedLiterally() {
    assertEquals("Merci $1 \\ {note}.", render(text("form.done", "fr", Map.of("note", "$1 \\ {note}"))).text());
  }

  @Test
  void aKeyMissingInTheLanguageFallsBackToFrench() {
    OutboundMessage m = render(text("services.unknown_city", "en", Map.of()));

    assertEquals("Ville inconnue.", m.text());
    assertEquals("en", m.language());
  }

  @Test
  void aKeyMissingEverywhereShowsTheKey() {
    assertEquals("no.such.key", render(text("no.such.key", "ar", Map.of())).text());
  }

  @Test
  void smsPrefersTheShortVariantOfTheSameLanguage() {
    Event fr = text("health.intro", "fr", Map.of());
    Event ar = text("health.intro", "ar", Map.of());

    assertEquals("Santé : urgences.", renderer.render(set, fr, true).orElseThrow().text());
    assertEquals("Santé : allez aux urgences.", renderer.render(set, fr, false).orElseThrow().text());
    assertEquals("Santé : allez aux urgences.", renderer.render(set, fr).orElseThrow().text());
    // Arabic has no short variant: the Arabic text, not the French short one.
    assertEquals("الصحة: اذهب إلى المستعجلات.", renderer.render(set, ar, true).orElseThrow().text());
  }

  @Test
  void servicesListTheOrganisationsWithTheirContacts() {
    OutboundMessage m = render(new Event.SendServices(List.of("rabat_health", "national_line"), "services", "rabat", "fr"));

    assertEquals("""
        Organisations à Rabat :

        Association Santé Rabat
        Tél : +212 500 000 001
        Adresse : 1 rue Exemple, Rabat

        National Line
        Tél : +212 500 000 002
        E-mail : help@example.org
        Horaires : Mon-Fri""", m.text());
    assertEquals("fr", m.language());
    assertEquals(List.of(), m.options());
  }

  @Test
  void servicesInArabicFallBackPerLine() {
    OutboundMessage m = render(new Event.SendServices(List.of("rabat_health"), "health", "rabat", "ar"));

    assertEquals("""
        جمعيات في الرباط:

        Association Santé Rabat
        الهاتف: +212 500 000 001
        Adresse : 1 rue Exemple, Rabat""", m.text());
  }

  @Test
  void unknownOrganisationsAreSkipped() {
    OutboundMessage m = render(new Event.SendServices(List.of("gone", "national_line"), "", "", "en"));

    assertEquals("Organisations à  :\n\nNational Line\nTél : +212 500 000 002\nE-mail : help@example.org\nHoraires : Mon-Fri",
        m.text());
  }

  @Test
  void otherEventsAreNotMessages() {
    for (Event e : List.<Event>of(new Event.SetLanguage("ar"), new Event.OpenHandoff("legal", true, "a > b"),
        new Event.CloseHandoff(), new Event.OptOut(), new Event.NotUnderstood("main", "menu"))) {
      assertEquals(Optional.empty(), renderer.render(set, e), e.toString());
    }
  }
}
