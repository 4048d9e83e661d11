package org.dalil.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dalil.directory.Directory;
import org.dalil.flow.ConversationState.Status;
import org.dalil.flow.TestContent.FlowBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant STARTED = NOW.minus(Duration.ofMinutes(10));
  private static final Instant LAST = NOW.minus(Duration.ofMinutes(1));

  private final Engine engine = new Engine();
  private final FlowSet set = TestContent.standard();

  private Step step(ConversationState state, String text) {
    return step(state, UserInput.text(text));
  }

  private Step step(ConversationState state, UserInput input) {
    return engine.step(set, state == null ? null : set, state, input, NOW);
  }

  private static ConversationState at(String flow, String node, String language) {
    return new ConversationState("v1", flow, node, language, Map.of(), 0, Status.ACTIVE, STARTED, LAST, List.of());
  }

  private static ConversationState with(ConversationState s, Status status) {
    boolean waiting = status == Status.ACTIVE;
    return new ConversationState(s.version(), waiting ? s.flow() : null, waiting ? s.node() : null, s.language(),
        s.variables(), s.misses(), status, s.startedAt(), s.lastActivityAt(), s.path());
  }

  private static ConversationState withMisses(ConversationState s, int misses) {
    return new ConversationState(s.version(), s.flow(), s.node(), s.language(), s.variables(), misses, s.status(),
        s.startedAt(), s.lastActivityAt(), s.path());
  }

  private static ConversationState withVariables(ConversationState s, Map<String, String> variables) {
    return new ConversationState(s.version(), s.flow(), s.node(), s.language(), variables, s.misses(), s.status(),
        s.startedAt(), s.lastActivityAt(), s.path());
  }

  private static ConversationState lastActive(ConversationState s, Instant last) {
    return new ConversationState(s.version(), s.flow(), s.node(), s.language(), s.variables(), s.misses(), s.status(),
        s.startedAt(), last, s.path());
  }

  /** Events in a compact form: "text key/lang", "menu key/lang (n)", "language ar", ... */
  static List<String> describe(List<Event> events) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      out.add(switch (e) {
        case Event.SendText t -> "text " + refs(t.paragraphs());
        case Event.SendMenu m -> "menu " + refs(m.prompt()) + " (" + m.choices().size() + ")";
        case Event.SendServices s -> "services " + s.organisationIds() + " " + s.topic() + " " + s.city() + " " + s.language();
        case Event.SetLanguage l -> "language " + l.language();
        case Event.OpenHandoff h -> "handoff " + h.topic() + (h.urgent() ? " urgent" : "") + ": " + h.summary();
        case Event.CloseHandoff c -> "close handoff";
        case Event.OptOut o -> "opt-out";
        case Event.NotUnderstood n -> "not understood " + n.flow() + "." + n.node();
        case Event.MarkUrgent u -> "urgent " + u.reason() + " " + u.topic() + ": " + u.summary();
        case Event.NoticeShown x -> "notice shown";
        case Event.ConsentGiven x -> "consent given";
        case Event.ErasureAsked x -> "erasure asked";
        case Event.ErasureCancelled x -> "erasure cancelled";
        case Event.EraseContact x -> "erase contact";
      });
    }
    return out;
  }

  private static String refs(List<TextRef> refs) {
    return refs.stream().map(r -> r.key() + "/" + r.language()).collect(Collectors.joining(","));
  }

  private static void assertWaitingAt(Step step, String flow, String node) {
    assertEquals(Status.ACTIVE, step.state().status());
    assertEquals(flow, step.state().flow());
    assertEquals(node, step.state().node());
  }

  @Nested
  class FirstContact {
    @Test
    void sendsTheWelcomeInEveryLanguageAndWaits() {
      Step step = step(null, "bonjour");

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
      Event.SendMenu menu = (Event.SendMenu) step.events().getFirst();
      assertEquals(List.of(1, 2, 3), menu.choices().stream().map(Event.Choice::number).toList());
      assertEquals(TextRef.of("language.ar", "fr"), menu.choices().get(1).label());
      ConversationState s = step.state();
      assertWaitingAt(step, "welcome", "start");
      assertEquals("v1", s.version());
      assertNull(s.language());
      assertEquals(NOW, s.startedAt());
      assertEquals(NOW, s.lastActivityAt());
      assertEquals(List.of("welcome.start"), s.path());
      assertEquals(0, s.misses());
    }

    @Test
    void aReplyThatLooksLikeAnAnswerIsNotConsumed() {
      Step step = step(null, "1");

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
      assertWaitingAt(step, "welcome", "start");
    }

    @Test
    void stopOnTheFirstMessageStopsInsteadOfWelcoming() {
      Step step = step(null, "STOP");

      assertEquals(List.of("text sys.stopped/fr", "opt-out"), describe(step.events()));
      assertEquals(Status.STOPPED, step.state().status());
    }

    @Test
    void humanOnTheFirstMessageGoesToAVolunteer() {
      Step step = step(null, "متطوع");

      assertEquals(List.of("text human.start/fr", "handoff general: human.start"), describe(step.events()));
      assertEquals(Status.HANDOFF, step.state().status());
    }

    @Test
    void choosingALanguageChangesTheLanguageOfWhatFollows() {
      Step step = step(at("welcome", "start", null), "2");

      assertEquals(List.of("language ar", "text welcome.intro/ar", "menu main.menu/ar (6)"), describe(step.events()));
      assertEquals("ar", step.state().language());
      assertWaitingAt(step, "main", "menu");
      assertEquals(List.of("welcome.set_ar", "welcome.intro", "main.menu"), step.state().path());
    }

    @Test
    void startCommandRestartsAtTheWelcomeKeepingTheLanguage() {
      ConversationState s = withVariables(at("main", "menu", "ar"), Map.of("topic", "health"));

      Step step = step(s, new UserInput("/start", UserInput.Kind.START, null));

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
      assertEquals("ar", step.state().language());
      assertEquals(Map.of(), step.state().variables());
      assertEquals(NOW, step.state().startedAt());
    }
  }

  @Nested
  class MenuReplies {
    @ParameterizedTest
    @ValueSource(strings = {"1", "١", "۱", "1.", " 1 ", "(1)", "1)", "un", "Une", "premier", "one", "واحد", "wa7ed",
        "Santé", "SANTE", "sante !", "الصحة", "الصحّة", "malade", "Médecin", "طبيب", "Health"})
    void chooseTheFirstOption(String reply) {
      Step step = step(at("main", "menu", "fr"), reply);

      assertEquals(List.of("text health.intro/fr", "menu health.more/fr (3)"), describe(step.events()));
      assertWaitingAt(step, "health", "more");
      assertEquals(Map.of("topic", "health"), step.state().variables());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "٢", "۲", "deux", "جوج", "two", "trouver une association"})
    void chooseTheSecondOption(String reply) {
      Step step = step(at("main", "menu", "fr"), reply);

      assertEquals(List.of("text services.ask_city/fr"), describe(step.events()));
      assertWaitingAt(step, "services", "start");
      assertEquals(Map.of("topic", "services"), step.state().variables());
    }

    @Test
    void numberWordsOfTheSixthOptionWork() {
      Step step = step(at("main", "menu", "fr"), "six");

      assertEquals(List.of("handoff legal urgent: legal.start > legal.urgent"), describe(step.events()));
    }

    @Test
    void textsCarryTheConversationVariables() {
      Step step = step(at("main", "menu", "fr"), "1");

      Event.SendText intro = (Event.SendText) step.events().getFirst();
      assertEquals(Map.of("topic", "health"), intro.paragraphs().getFirst().variables());
    }

    @ParameterizedTest
    @ValueSource(strings = {"blabla", "7", "0 1", "", "sept"})
    void aReplyMatchingNothingIsRepromptedAndCounted(String reply) {
      Step step = step(at("main", "menu", "fr"), reply);

      assertEquals(List.of("not understood main.menu", "text sys.reprompt.menu/fr"), describe(step.events()));
      Event.SendText reprompt = (Event.SendText) step.events().get(1);
      assertEquals("6", reprompt.paragraphs().getFirst().variables().get("max"));
      assertWaitingAt(step, "main", "menu");
      assertEquals(1, step.state().misses());
    }

    @Test
    void theThirdMissOffersAVolunteer() {
      Step step = step(withMisses(at("main", "menu", "fr"), 2), "???");

      assertEquals(List.of("not understood main.menu", "menu human.offer/fr (2)"), describe(step.events()));
      assertWaitingAt(step, "human", "offer");
      assertEquals(0, step.state().misses());
    }

    @Test
    void threeMissesInARowFromScratch() {
      ConversationState s = at("main", "menu", "ar");
      s = step(s, "x").state();
      s = step(s, "y").state();
      assertEquals(2, s.misses());

      Step third = step(s, "z");

      assertEquals(List.of("not understood main.menu", "menu human.offer/ar (2)"), describe(third.events()));
    }

    @Test
    void anUnderstoodReplyResetsTheMisses() {
      Step step = step(withMisses(at("main", "menu", "fr"), 2), "2");

      assertEquals(0, step.state().misses());
    }

    @Test
    void anOptionWinsOverAGlobalKeywordWithTheSameWord() {
      // "retour" is a menu keyword, and also a synonym of the second option of health.more.
      Step step = step(at("health", "more", "fr"), "retour");

      assertEquals(List.of("text health.intro/fr", "menu health.more/fr (3)"), describe(step.events()));
    }

    @Test
    void theSameWordIsTheMenuKeywordWhereNoOptionHasIt() {
      Step step = step(at("services", "after", "fr"), "retour");

      assertEquals(List.of("menu main.menu/fr (6)"), describe(step.events()));
    }
  }

  @Nested
  class GlobalKeywords {
    @ParameterizedTest
    @ValueSource(strings = {"0", "٠", "menu", "MENU", "Accueil", "القائمة", "قائمة", "القـائمة", "home"})
    void menuInAnyLanguageWhileInFrench(String reply) {
      Step step = step(at("health", "more", "fr"), reply);

      assertEquals(List.of("menu main.menu/fr (6)"), describe(step.events()));
      assertWaitingAt(step, "main", "menu");
    }

    @Test
    void menuKeywordBeatsFreeText() {
      Step step = step(at("form", "note", "fr"), "0");

      assertEquals(List.of("menu main.menu/fr (6)"), describe(step.events()));
      assertNull(step.state().variables().get("note"));
    }

    @Test
    void menuKeywordBeatsANumberInRange() {
      // form.age accepts 1-120; "0" is out of range anyway, but "menu" is a keyword, never a number.
      Step step = step(at("form", "age", "fr"), "menu");

      assertEquals(List.of("menu main.menu/fr (6)"), describe(step.events()));
    }

    @Test
    void languageKeywordGoesToTheLanguageChoice() {
      Step step = step(at("main", "menu", "ar"), "langue");

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
      assertEquals("ar", step.state().language());
    }

    @Test
    void humanKeywordHandsOff() {
      Step step = step(at("main", "menu", "fr"), "Bénévole");

      assertEquals(List.of("text human.start/fr", "handoff general: human.start"), describe(step.events()));
      assertEquals(Status.HANDOFF, step.state().status());
      assertNull(step.state().flow());
      assertNull(step.state().node());
    }

    @Test
    void stopOptsOut() {
      Step step = step(withMisses(at("form", "note", "ar"), 1), "توقف");

      assertEquals(List.of("text sys.stopped/ar", "opt-out"), describe(step.events()));
      ConversationState s = step.state();
      assertEquals(Status.STOPPED, s.status());
      assertNull(s.flow());
      assertNull(s.node());
      assertEquals(0, s.misses());
      assertEquals(NOW, s.lastActivityAt());
    }

    @Test
    void writingAfterAStopShowsTheMenuInTheKnownLanguage() {
      ConversationState stopped = step(at("main", "menu", "ar"), "stop").state();

      Step step = step(stopped, "salam");

      assertEquals(List.of("menu main.menu/ar (6)"), describe(step.events()));
      assertWaitingAt(step, "main", "menu");
    }

    @Test
    void writingAfterAStopWithoutALanguageShowsTheWelcome() {
      ConversationState stopped = step(at("welcome", "start", null), "stop").state();

      Step step = step(stopped, "hello");

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
    }

    @Test
    void aKeywordAfterAStopIsObeyed() {
      ConversationState stopped = step(at("main", "menu", "fr"), "stop").state();

      Step step = step(stopped, "humain");

      assertEquals(List.of("text human.start/fr", "handoff general: human.start"), describe(step.events()));
    }
  }

  @Nested
  class Inputs {
    @ParameterizedTest
    @ValueSource(strings = {"Rabat", "rabat!", "RBAT", "الرباط", "je suis à Rabat", "انا في الرباط"})
    void oneOfStoresTheValueIdAndLooksUp(String reply) {
      ConversationState s = withVariables(at("services", "start", "fr"), Map.of("topic", "services"));

      Step step = step(s, reply);

      assertEquals(List.of("services [rabat_health, national_line] services rabat fr", "menu services.after/fr (2)"),
          describe(step.events()));
      assertEquals("rabat", step.state().variables().get("city"));
      assertWaitingAt(step, "services", "after");
      assertEquals(List.of("services.find", "services.after"), step.state().path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"casa", "Dar el Beida", "الدار البيضاء", "je suis a casa"})
    void oneOfUnderstandsKeywordsOfTheValue(String reply) {
      Step step = step(at("services", "start", "fr"), reply);

      assertEquals("casablanca", step.state().variables().get("city"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Paris", "entre Rabat et Oujda", "rabats", ""})
    void oneOfRejectsUnknownOrAmbiguousReplies(String reply) {
      Step step = step(at("services", "start", "fr"), reply);

      assertEquals(List.of("not understood services.start", "text services.unknown_city/fr"), describe(step.events()));
      assertWaitingAt(step, "services", "start");
      assertEquals(1, step.state().misses());
    }

    @Test
    void lookupWithNothingFoundGoesToNone() {
      ConversationState s = withVariables(at("services", "start", "fr"), Map.of("topic", "health"));

      Step step = step(s, "Oujda");

      // closed_org is inactive and national_line does not do health.
      assertEquals(List.of("text services.none/fr", "menu services.after/fr (2)"), describe(step.events()));
      assertEquals(Map.of("topic", "health", "city", "oujda"),
          ((Event.SendText) step.events().getFirst()).paragraphs().getFirst().variables());
    }

    @Test
    void lookupWithAnUnsetVariableUsesBlank() {
      Step step = step(at("services", "start", "fr"), "oujda");

      // No topic: any topic; Oujda has only an inactive organisation, so the national one.
      assertEquals(List.of("services [national_line]  oujda fr", "menu services.after/fr (2)"), describe(step.events()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"35", "٣٥", "۳۵", " 35 ", "35."})
    void wholeNumberInAnyDigits(String reply) {
      Step step = step(at("form", "age", "fr"), reply);

      assertEquals(List.of("text form.code/fr"), describe(step.events()));
      assertEquals("35", step.state().variables().get("age"));
      assertWaitingAt(step, "form", "code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"121", "-3", "trente", "3 5", "1e3"})
    void wholeNumberOutOfRangeOrNotANumberUsesTheNodesInvalidText(String reply) {
      Step step = step(at("form", "age", "fr"), reply);

      assertEquals(List.of("not understood form.age", "text form.invalid_age/fr"), describe(step.events()));
    }

    @Test
    void wholeNumberAcceptsNegativesWhenTheRangeDoes() {
      FlowSet s = TestContent.flowSet("n", TestContent.settings(Map.of()), set.catalog(), Directory.EMPTY,
          new FlowBuilder("t")
              .input("q", "form.age", "n", new Accept.WholeNumber(-10, 10), null, "done")
              .end("done", null).build());
      ConversationState state = new ConversationState("n", "t", "q", "fr", Map.of(), 0, Status.ACTIVE, STARTED, LAST, List.of());

      Step step = engine.step(s, s, state, UserInput.text("-٣"), NOW);

      assertEquals("-3", step.state().variables().get("n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024", " 2024 ", "٢٠٢٤"})
    void patternMatchesTheTrimmedReplyInAnyDigits(String reply) {
      Step step = step(at("form", "code", "fr"), reply);

      assertEquals(List.of("text form.note/fr"), describe(step.events()));
      assertEquals("2024", step.state().variables().get("code"));
    }

    @Test
    void patternMismatchUsesTheSystemRepromptWithoutAnInvalidKey() {
      Step step = step(at("form", "code", "fr"), "20x4");

      assertEquals(List.of("not understood form.code", "text sys.reprompt.input/fr"), describe(step.events()));
    }

    @Test
    void freeTextIsTrimmedAndCut() {
      Step step = step(at("form", "note", "fr"), "   un texte beaucoup trop long  ");

      assertEquals("un texte b", step.state().variables().get("note"));
      assertEquals(List.of("text form.done/fr"), describe(step.events()));
      assertEquals(Status.ENDED, step.state().status());
    }

    @Test
    void freeTextIsCutOnCharactersNotHalfEmoji() {
      Step step = step(at("form", "note", "fr"), "😀😀😀😀😀😀😀😀😀😀😀😀");

      assertEquals("😀".repeat(10), step.state().variables().get("note"));
    }

    @Test
    void blankFreeTextIsRefused() {
      Step step = step(at("form", "note", "fr"), "   ");

      assertEquals(List.of("not understood form.note", "text sys.reprompt.input/fr"), describe(step.events()));
    }

    @Test
    void inputMissesAlsoLeadToTheVolunteerOffer() {
      Step step = step(withMisses(at("form", "age", "en"), 2), "old");

      assertEquals(List.of("not understood form.age", "menu human.offer/en (2)"), describe(step.events()));
    }
  }

  @Nested
  class Media {
    @Test
    void mediaWhileWaitingIsExplainedNotCounted() {
      ConversationState s = withMisses(at("main", "menu", "fr"), 2);

      Step step = step(s, new UserInput("", UserInput.Kind.MEDIA, null));

      assertEquals(List.of("text sys.media_unsupported/fr"), describe(step.events()));
      assertEquals(2, step.state().misses());
      assertWaitingAt(step, "main", "menu");
    }

    @Test
    void locationWhileWaitingIsExplained() {
      Step step = step(at("services", "start", "ar"), new UserInput("34.0,-6.8", UserInput.Kind.LOCATION, null));

      assertEquals(List.of("text sys.media_unsupported/ar"), describe(step.events()));
    }

    @Test
    void mediaDuringAHandoffGoesToTheVolunteer() {
      ConversationState s = with(at("main", "menu", "fr"), Status.HANDOFF);

      Step step = step(s, new UserInput("", UserInput.Kind.MEDIA, null));

      assertEquals(List.of(), step.events());
      assertEquals(Status.HANDOFF, step.state().status());
    }
  }

  @Nested
  class Handoff {
    private ConversationState handedOff() {
      return step(at("main", "menu", "fr"), "4").state();
    }

    @Test
    void handoffSendsItsTextAndOpensWithThePath() {
      Step step = step(at("main", "menu", "fr"), "4");

      assertEquals(List.of("text human.start/fr", "handoff general: human.start"), describe(step.events()));
      assertEquals(Status.HANDOFF, step.state().status());
      assertEquals(Map.of("topic", "human"), step.state().variables());
    }

    @Test
    void urgentHandoffWithoutTextAfterAJump() {
      ConversationState s = new ConversationState("v1", "main", "menu", "fr", Map.of(), 0, Status.ACTIVE, STARTED, LAST,
          List.of("welcome.start", "welcome.set_fr", "welcome.intro", "main.menu"));

      Step step = step(s, "6");

      assertEquals(
          List.of("handoff legal urgent: welcome.start > welcome.set_fr > welcome.intro > main.menu > legal.start > legal.urgent"),
          describe(step.events()));
    }

    @Test
    void textDuringAHandoffIsForTheVolunteer() {
      Step step = step(handedOff(), "j'ai besoin d'un avocat");

      assertEquals(List.of(), step.events());
      assertEquals(Status.HANDOFF, step.state().status());
      assertEquals(NOW, step.state().lastActivityAt());
    }

    @Test
    void aMenuOptionNumberDuringAHandoffIsForTheVolunteer() {
      Step step = step(handedOff(), "1");

      assertEquals(List.of(), step.events());
    }

    @Test
    void humanDuringAHandoffSendsNothingNew() {
      Step step = step(handedOff(), "humain");

      assertEquals(List.of(), step.events());
      assertEquals(Status.HANDOFF, step.state().status());
    }

    @Test
    void menuClosesTheHandoff() {
      Step step = step(handedOff(), "القائمة");

      assertEquals(List.of("close handoff", "menu main.menu/fr (6)"), describe(step.events()));
      assertWaitingAt(step, "main", "menu");
    }

    @Test
    void languageClosesTheHandoff() {
      Step step = step(handedOff(), "language");

      assertEquals(List.of("close handoff", "menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"),
          describe(step.events()));
    }

    @Test
    void stopClosesTheHandoffAndOptsOut() {
      Step step = step(handedOff(), "stop");

      assertEquals(List.of("text sys.stopped/fr", "close handoff", "opt-out"), describe(step.events()));
      assertEquals(Status.STOPPED, step.state().status());
    }

    @Test
    void aHandoffDoesNotExpireWithSilence() {
      ConversationState s = lastActive(handedOff(), NOW.minus(Duration.ofDays(3)));

      Step step = step(s, "vous êtes là ?");

      assertEquals(List.of(), step.events());
      assertEquals(Status.HANDOFF, step.state().status());
    }

    @Test
    void aHandoffSurvivesAContentUpdate() {
      FlowSet newer = TestContent.standard("v2");

      Step step = engine.step(newer, null, handedOff(), UserInput.text("merci"), NOW);

      assertEquals(List.of(), step.events());
      assertEquals(Status.HANDOFF, step.state().status());
      assertEquals("v2", step.state().version());
    }

    @Test
    void startCommandDuringAHandoffClosesIt() {
      Step step = step(handedOff(), new UserInput("/start", UserInput.Kind.START, null));

      assertEquals(List.of("close handoff", "menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"),
          describe(step.events()));
    }
  }

  @Nested
  class Restarts {
    @Test
    void aLongSilenceRestartsAtTheWelcomeKeepingTheLanguage() {
      ConversationState s = lastActive(withVariables(at("main", "menu", "ar"), Map.of("city", "rabat")),
          NOW.minus(Duration.ofHours(25)));

      Step step = step(s, "1");

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
      ConversationState next = step.state();
      assertEquals("ar", next.language());
      assertEquals(Map.of(), next.variables());
      assertEquals(NOW, next.startedAt());
      assertEquals(List.of("welcome.start"), next.path());
    }

    @Test
    void aSilenceOfExactlyTheTimeoutDoesNotRestart() {
      ConversationState s = lastActive(at("main", "menu", "fr"), NOW.minus(Duration.ofHours(24)));

      Step step = step(s, "1");

      assertWaitingAt(step, "health", "more");
      assertEquals(STARTED, step.state().startedAt());
    }

    @Test
    void stopAfterALongSilenceStillStops() {
      ConversationState s = lastActive(at("main", "menu", "fr"), NOW.minus(Duration.ofDays(30)));

      Step step = step(s, "stop");

      assertEquals(List.of("text sys.stopped/fr", "opt-out"), describe(step.events()));
    }

    @Test
    void aVersionNoLongerAvailableRestartsOnTheCurrentOne() {
      FlowSet newer = TestContent.standard("v2");

      Step step = engine.step(newer, null, at("main", "menu", "fr"), UserInput.text("1"), NOW);

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
      assertEquals("v2", step.state().version());
      assertEquals("fr", step.state().language());
    }

    @Test
    void aRunningSetOfAnotherVersionRestartsOnTheCurrentOne() {
      FlowSet newer = TestContent.standard("v2");

      Step step = engine.step(newer, newer, at("main", "menu", "fr"), UserInput.text("1"), NOW);

      assertEquals("v2", step.state().version());
      assertWaitingAt(step, "welcome", "start");
    }

    @Test
    void aConversationInProgressStaysOnItsVersion() {
      FlowSet newer = TestContent.standard("v2");

      Step step = engine.step(newer, set, at("main", "menu", "fr"), UserInput.text("1"), NOW);

      assertEquals("v1", step.state().version());
      assertWaitingAt(step, "health", "more");
    }

    @Test
    void aLanguageTheNewContentDropsIsForgotten() {
      ConversationState s = at("main", "menu", "de");

      Step step = engine.step(set, null, s, UserInput.text("hallo"), NOW);

      assertNull(step.state().language());
    }
  }

  @Nested
  class Ends {
    @Test
    void endNodeSendsItsTextAndEnds() {
      Step step = step(at("main", "menu", "fr"), "Quitter");

      assertEquals(List.of("text main.bye/fr"), describe(step.events()));
      assertEquals(Status.ENDED, step.state().status());
      assertNull(step.state().flow());
      assertNull(step.state().node());
    }

    @Test
    void endNodeWithoutText() {
      Step step = step(at("health", "more", "fr"), "3");

      assertEquals(List.of(), step.events());
      assertEquals(Status.ENDED, step.state().status());
    }

    @Test
    void writingAfterTheEndShowsTheMenu() {
      ConversationState ended = step(at("main", "menu", "en"), "5").state();

      Step step = step(ended, "hi again");

      assertEquals(List.of("menu main.menu/en (6)"), describe(step.events()));
    }

    @Test
    void mediaAfterTheEndShowsTheMenu() {
      ConversationState ended = step(at("main", "menu", "en"), "5").state();

      Step step = step(ended, new UserInput("", UserInput.Kind.MEDIA, null));

      assertEquals(List.of("menu main.menu/en (6)"), describe(step.events()));
    }

    @Test
    void aMessageWithoutGotoEndsTheFlow() {
      FlowSet s = small(new FlowBuilder("t").message("only", "main.bye", null).build());

      Step step = engine.step(s, null, null, UserInput.text("x"), NOW);

      assertEquals(List.of("text main.bye/fr"), describe(step.events()));
      assertEquals(Status.ENDED, step.state().status());
    }
  }

  /** A flow set of one flow {@code t}, started (and everything else) at its first node. */
  private FlowSet small(Flow... flows) {
    Target start = new Target(flows[0].id(), flows[0].start().id());
    FlowSettings settings = new FlowSettings(List.of("fr", "ar", "en"), start, start, start, start, start,
        Duration.ofHours(24), 3, Map.of());
    return TestContent.flowSet("small", settings, set.catalog(), Directory.EMPTY, flows);
  }

  @Nested
  class Nodes {
    @Test
    void textsBeforeALanguageChangeStayInTheOldLanguage() {
      FlowSet s = small(new FlowBuilder("t")
          .message("before", "welcome.intro", "switch")
          .setLanguage("switch", "ar", "after")
          .message("after", "welcome.intro", null)
          .build());
      ConversationState state = new ConversationState("small", null, null, "en", Map.of(), 0, Status.ENDED, STARTED, LAST, List.of());

      Step step = engine.step(s, s, state, UserInput.text("x"), NOW);

      assertEquals(List.of("text welcome.intro/en", "language ar", "text welcome.intro/ar"), describe(step.events()));
      assertEquals("ar", step.state().language());
    }

    @Test
    void allLanguagesMessageSendsOneParagraphPerLanguage() {
      FlowSet s = small(new FlowBuilder("t").messageAll("hello", "welcome.intro", null).build());

      Step step = engine.step(s, null, null, UserInput.text("x"), NOW);

      assertEquals(List.of("text welcome.intro/fr,welcome.intro/ar,welcome.intro/en"), describe(step.events()));
    }

    @Test
    void aLoopThatNeverWaitsEndsWithoutFloodingTheContact() {
      FlowSet s = small(new FlowBuilder("t")
          .message("a", "welcome.intro", "b")
          .setLanguage("b", "ar", "c")
          .jump("c", "t.a")
          .build());

      Step step = engine.step(s, null, null, UserInput.text("x"), NOW);

      assertEquals(List.of(), step.events());
      assertEquals(Status.ENDED, step.state().status());
      assertNull(step.state().language());
    }

    @Test
    void aLoopOfJumpsOnlyEnds() {
      FlowSet s = small(new FlowBuilder("t").jump("a", "b").jump("b", "a").build());

      Step step = engine.step(s, null, null, UserInput.text("x"), NOW);

      assertEquals(Status.ENDED, step.state().status());
    }

    @Test
    void aLongChainOfNodesWithinTheLimitRuns() {
      FlowBuilder b = new FlowBuilder("t");
      for (int i = 0; i < Engine.MAX_NODES_PER_STEP - 1; i++) {
        b.jump("n" + i, "n" + (i + 1));
      }
      b.menu("n" + (Engine.MAX_NODES_PER_STEP - 1), "main.menu", "main.menu.health; n0");
      FlowSet s = small(b.build());

      Step step = engine.step(s, null, null, UserInput.text("x"), NOW);

      assertEquals(List.of("menu main.menu/fr (1)"), describe(step.events()));
      List<String> path = step.state().path();
      assertEquals(ConversationState.PATH_LIMIT, path.size());
      assertEquals("t.n" + (Engine.MAX_NODES_PER_STEP - 1), path.getLast());
      assertEquals("t.n" + (Engine.MAX_NODES_PER_STEP - ConversationState.PATH_LIMIT), path.getFirst());
    }

    @Test
    void aMissingTargetEndsInsteadOfFailing() {
      FlowSet s = small(new FlowBuilder("t").jump("a", "nowhere.x").build());

      Step step = engine.step(s, null, null, UserInput.text("x"), NOW);

      assertEquals(Status.ENDED, step.state().status());
    }

    @Test
    void theSameInputGivesTheSameStep() {
      ConversationState s = at("services", "start", "fr");

      assertEquals(step(s, "je suis à Rabat"), step(s, "je suis à Rabat"));
    }

    @Test
    void activeStatesAlwaysWaitAtAMenuOrInput() {
      ConversationState s = null;
      for (String reply : List.of("salut", "1", "2", "rabat", "2", "x", "1", "retour", "0", "3", "35", "١٢٣٤", "note")) {
        Step step = step(s, reply);
        s = step.state();
        if (s.status() == Status.ACTIVE) {
          Node waiting = set.node(new Target(s.flow(), s.node())).orElseThrow();
          assertTrue(waiting instanceof MenuNode || waiting instanceof InputNode, reply + " -> " + waiting);
        } else {
          assertNull(s.node());
        }
        assertEquals(NOW, s.lastActivityAt());
      }
      assertEquals(Status.ENDED, s.status());
      assertEquals("note", s.variables().get("note"));
    }
  }
}
