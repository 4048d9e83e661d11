package org.dalil.flow;

import static org.dalil.flow.EngineTest.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState.Status;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the engine does with what the NLP understood: the understanding is given as a value, so
 * these tests fix it and check the decisions (the classifier itself is tested in org.dalil.nlp).
 */
class EngineUnderstandingTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant STARTED = NOW.minus(Duration.ofMinutes(10));
  private static final Instant LAST = NOW.minus(Duration.ofMinutes(1));

  private final Engine engine = new Engine();
  /** The standard test flows, with settings that send topics `health` and `legal` to their flows. */
  private final FlowSet set = withTopics(TestContent.standard());

  static FlowSet withTopics(FlowSet standard) {
    FlowSettings s = standard.settings();
    FlowSettings settings = new FlowSettings(s.languages(), s.start(), s.menu(), s.language(), s.human(),
        s.offerHuman(), s.silenceTimeout(), s.maxMisses(), s.choiceLists(),
        Map.of("health", Target.parse("health.start", null), "legal", Target.parse("legal.start", null)));
    return new FlowSet(standard.version(), standard.flows(), settings, standard.catalog(), standard.directory(),
        standard.sources());
  }

  private static UserInput said(String text, Understanding understood) {
    return UserInput.text(text).withUnderstanding(understood);
  }

  private static Understanding understood(String language, double languageConfidence, String topic,
      double topicConfidence) {
    return new Understanding(language, languageConfidence, topic, topicConfidence, null);
  }

  private static Understanding urgent(String language, double languageConfidence, String reason) {
    return new Understanding(language, languageConfidence, null, 0.1, reason);
  }

  private Step step(ConversationState state, UserInput input) {
    return engine.step(set, state == null ? null : set, state, input, NOW);
  }

  private static ConversationState at(String flow, String node, String language) {
    return new ConversationState("v1", flow, node, language, Map.of(), 0, Status.ACTIVE, STARTED, LAST, List.of());
  }

  private static ConversationState with(ConversationState s, Status status) {
    return new ConversationState(s.version(), null, null, s.language(), s.variables(), s.misses(), status,
        s.startedAt(), s.lastActivityAt(), s.path());
  }

  private static void assertWaitingAt(Step step, String flow, String node) {
    assertEquals(Status.ACTIVE, step.state().status());
    assertEquals(flow + "." + node, step.state().flow() + "." + step.state().node());
  }

  @Nested
  class FirstContact {
    @Test
    void aCertainLanguageAndTopicGoStraightToTheTopicSayingSo() {
      Step step = step(null, said("mon enfant est malade", understood("fr", 0.99, "health", 0.9)));

      assertEquals(List.of("language fr", "text sys.nlp.understood/fr", "text health.intro/fr", "menu health.more/fr (3)"),
          describe(step.events()));
      assertWaitingAt(step, "health", "more");
      assertEquals("fr", step.state().language());
      assertEquals("health", step.state().variables().get(Engine.TOPIC_VARIABLE));
    }

    @Test
    void aCertainLanguageWithoutTopicAnswersTheLanguageQuestion() {
      Step step = step(null, said("السلام عليكم", understood("ar", 0.97, "greetings", 0.95)));

      assertEquals(List.of("language ar", "text welcome.intro/ar", "menu main.menu/ar (6)"), describe(step.events()));
      assertWaitingAt(step, "main", "menu");
    }

    @Test
    void anUnsureLanguageGetsTheWelcomeEvenWithACertainTopic() {
      // Darija in Latin letters: Arabic-speaking, but maybe not reading Arabic script.
      Step step = step(null, said("salam bghit n3ref", understood("ar", 0.6, "health", 0.9)));

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
      assertWaitingAt(step, "welcome", "start");
      assertNull(step.state().language());
    }

    @Test
    void aStartCommandIgnoresAnyUnderstanding() {
      UserInput start = new UserInput("/start", UserInput.Kind.START, "fr", understood("fr", 1, "health", 1));

      Step step = step(null, start);

      assertEquals(List.of("menu welcome.start/fr,welcome.start/ar,welcome.start/en (3)"), describe(step.events()));
    }

    @Test
    void aKeywordStillWinsOnTheFirstMessage() {
      Step step = step(null, said("stop", new Understanding("fr", 0.9, "health", 0.9, "danger")));

      assertEquals(List.of("text sys.stopped/fr", "opt-out"), describe(step.events()));
    }

    @Test
    void anUrgentFirstMessageInAnUnknownLanguageIsAnsweredInEveryLanguage() {
      Step step = step(null, said("??", urgent(null, 0, "self_harm")));

      assertEquals(List.of("text sys.nlp.urgent/fr,sys.nlp.urgent/ar,sys.nlp.urgent/en", "urgent self_harm self_harm: "),
          describe(step.events()));
      assertEquals(Status.HANDOFF, step.state().status());
    }
  }

  @Nested
  class AtAMenu {
    @Test
    void aCertainTopicThatMatchesNoOptionJumpsToItsFlow() {
      Step step = step(at("main", "menu", "fr"), said("je cherche un docteur", understood("fr", 1, "health", 0.8)));

      assertEquals(List.of("text sys.nlp.understood/fr", "text health.intro/fr", "menu health.more/fr (3)"),
          describe(step.events()));
      assertWaitingAt(step, "health", "more");
      assertEquals(0, step.state().misses());
    }

    @Test
    void anUnsureTopicIsTheUsualMiss() {
      Step step = step(at("main", "menu", "fr"), said("je cherche un docteur", understood("fr", 1, "health", 0.3)));

      assertEquals(List.of("not understood main.menu", "text sys.reprompt.menu/fr"), describe(step.events()));
      assertWaitingAt(step, "main", "menu");
      assertEquals(1, step.state().misses());
    }

    @Test
    void aTopicThatSettingsSendNowhereIsTheUsualMiss() {
      Step step = step(at("main", "menu", "fr"), said("ma carte de séjour", understood("fr", 1, "papers", 0.95)));

      assertEquals(List.of("not understood main.menu", "text sys.reprompt.menu/fr"), describe(step.events()));
    }

    @Test
    void anOptionIsNeverSecondGuessed() {
      Step step = step(at("main", "menu", "fr"), said("1", understood("fr", 1, "legal", 0.99)));

      assertEquals(List.of("text health.intro/fr", "menu health.more/fr (3)"), describe(step.events()));
    }

    @Test
    void aGreetingShowsTheMenuAgainWithoutCountingAMiss() {
      Step step = step(at("main", "menu", "fr"), said("bonjour", understood("fr", 0.7, "greetings", 0.9)));

      assertEquals(List.of("menu main.menu/fr (6)"), describe(step.events()));
      assertWaitingAt(step, "main", "menu");
      assertEquals(0, step.state().misses());
    }

    @Test
    void aCertainLanguageAnswersTheLanguageQuestion() {
      Step step = step(at("welcome", "start", null), said("je ne comprends rien", understood("fr", 0.99, null, 0.2)));

      assertEquals(List.of("language fr", "text welcome.intro/fr", "menu main.menu/fr (6)"), describe(step.events()));
      assertWaitingAt(step, "main", "menu");
    }

    @Test
    void aCertainOtherLanguageSwitchesBeforeTheReprompt() {
      Step step = step(at("main", "menu", "fr"), said("ما فهمتش", understood("ar", 0.97, null, 0.2)));

      assertEquals(List.of("language ar", "not understood main.menu", "text sys.reprompt.menu/ar"),
          describe(step.events()));
      assertEquals("ar", step.state().language());
    }

    @Test
    void anUnsureOtherLanguageChangesNothing() {
      Step step = step(at("main", "menu", "fr"), said("ok", understood("en", 0.7, null, 0.2)));

      assertEquals(List.of("not understood main.menu", "text sys.reprompt.menu/fr"), describe(step.events()));
      assertEquals("fr", step.state().language());
    }

    @Test
    void aTopicInAnotherCertainLanguageSwitchesAndJumps() {
      Step step = step(at("main", "menu", "fr"), said("ولدي مريض", understood("ar", 0.97, "health", 0.9)));

      assertEquals(List.of("language ar", "text sys.nlp.understood/ar", "text health.intro/ar", "menu health.more/ar (3)"),
          describe(step.events()));
    }
  }

  @Nested
  class Urgency {
    @Test
    void anUrgentMessageInTheMiddleOfAFlowGoesToAVolunteerFirst() {
      ConversationState inForm = new ConversationState("v1", "form", "age", "fr", Map.of(), 0, Status.ACTIVE, STARTED,
          LAST, List.of("main.menu", "form.age"));

      Step step = step(inForm, said("il me frappe", urgent("fr", 1, "violence")));

      assertEquals(List.of("text sys.nlp.urgent/fr", "urgent violence violence: main.menu > form.age"),
          describe(step.events()));
      assertEquals(Status.HANDOFF, step.state().status());
      assertNull(step.state().flow());
    }

    @Test
    void anUrgentFreeTextAnswerIsNotStoredButHandedOver() {
      ConversationState atNote = at("form", "note", "fr");

      Step step = step(atNote, said("je veux mourir", urgent("fr", 1, "self_harm")));

      assertEquals(Status.HANDOFF, step.state().status());
      assertFalse(step.state().variables().containsKey("note"));
      assertTrue(describe(step.events()).contains("urgent self_harm self_harm: "));
    }

    @Test
    void theUnderstoodTopicGoesWithTheUrgentHandoff() {
      Understanding u = new Understanding("fr", 1, "health", 0.9, "violence");

      Step step = step(at("main", "menu", "fr"), said("il m'a frappé, je saigne", u));

      assertEquals(List.of("text sys.nlp.urgent/fr", "urgent violence health: "), describe(step.events()));
    }

    @Test
    void withAVolunteerAnUrgentMessageOnlyMakesTheHandoffUrgent() {
      ConversationState withVolunteer = with(at("main", "menu", "fr"), Status.HANDOFF);

      Step step = step(withVolunteer, said("he beats me", urgent("en", 1, "violence")));

      assertEquals(List.of("urgent violence violence: "), describe(step.events()));
      assertEquals(Status.HANDOFF, step.state().status());
      assertEquals("fr", step.state().language());
    }

    @Test
    void withAVolunteerAnythingElseUnderstoodStaysForTheVolunteer() {
      ConversationState withVolunteer = with(at("main", "menu", "fr"), Status.HANDOFF);

      Step step = step(withVolunteer, said("je cherche un docteur", understood("fr", 1, "health", 0.9)));

      assertEquals(List.of(), describe(step.events()));
      assertEquals(Status.HANDOFF, step.state().status());
    }

    @Test
    void afterTheEndAnUrgentMessageIsHandedOver() {
      Step step = step(with(at("main", "menu", "en"), Status.ENDED), said("nowhere to sleep", urgent("en", 1, "no_shelter")));

      assertEquals(List.of("text sys.nlp.urgent/en", "urgent no_shelter no_shelter: "), describe(step.events()));
    }
  }

  @Nested
  class AfterTheEnd {
    @Test
    void aCertainTopicLeadsToItsFlowInsteadOfTheMenu() {
      Step step = step(with(at("main", "menu", "en"), Status.ENDED), said("my kid is sick", understood("en", 1, "health", 0.9)));

      assertEquals(List.of("text sys.nlp.understood/en", "text health.intro/en", "menu health.more/en (3)"),
          describe(step.events()));
    }

    @Test
    void otherwiseTheMenuAsBefore() {
      Step step = step(with(at("main", "menu", "en"), Status.ENDED), said("hmm", understood("en", 0.5, null, 0.1)));

      assertEquals(List.of("menu main.menu/en (6)"), describe(step.events()));
    }
  }

  @Test
  void withoutUnderstandingNothingChanges() {
    Step plain = step(at("main", "menu", "fr"), UserInput.text("je cherche un docteur"));

    assertEquals(List.of("not understood main.menu", "text sys.reprompt.menu/fr"), describe(plain.events()));
  }

  @Test
  void mediaIsNeverUnderstood() {
    UserInput photo = new UserInput("", UserInput.Kind.MEDIA, null, understood("fr", 1, "health", 1));

    Step step = step(at("main", "menu", "fr"), photo);

    assertEquals(List.of("text sys.media_unsupported/fr"), describe(step.events()));
  }

  @Test
  void theUnderstoodTextNamesTheTopicByItsLabel() {
    FlowSet labelled = withTopics(TestContent.flowSet("v1", TestContent.standard().settings(),
        TestContent.catalog(TestContent.FR + "topic.health=la santé\nsys.nlp.understood=Compris : {topic}.\n",
            TestContent.AR, TestContent.EN),
        TestContent.directory(), TestContent.standard().flows().values().toArray(Flow[]::new)));
    Step step = engine.step(labelled, labelled, at("main", "menu", "fr"),
        said("je cherche un docteur", understood("fr", 1, "health", 0.8)), NOW);

    Optional<OutboundMessage> first = new MessageRenderer().render(labelled, step.events().getFirst());

    assertEquals("Compris : la santé.", first.orElseThrow().text());
  }
}
