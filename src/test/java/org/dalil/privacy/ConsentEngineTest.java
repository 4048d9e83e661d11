package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.dalil.flow.ConversationState;
import org.dalil.flow.Engine;
import org.dalil.flow.Event;
import org.dalil.flow.FlowSet;
import org.dalil.flow.PrivacyState;
import org.dalil.flow.Step;
import org.dalil.flow.TextRef;
import org.dalil.flow.UserInput;
import org.dalil.i18n.SystemKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's privacy rules on the minimal content: notice, agreement, answers not kept, erasure. */
class ConsentEngineTest {
  private static final FlowSet CONTENT = PrivacyContent.minimal();
  private static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");
  private static final PrivacyState NOTICE_SHOWN = new PrivacyState(true, false, false);
  private static final PrivacyState ERASURE_ASKED = new PrivacyState(true, true, true);

  private final Engine engine = new Engine();

  private Step step(ConversationState state, String text, PrivacyState privacy) {
    return engine.step(CONTENT, state == null ? null : CONTENT, state, UserInput.text(text), privacy, T0.plusSeconds(60));
  }

  /** A contact who chose English and is at the main menu, having agreed. */
  private ConversationState atMainMenu() {
    ConversationState s = step(null, "hello", PrivacyState.AGREED).state();
    return step(s, "3", PrivacyState.AGREED).state();
  }

  /** ... and then at the city question (an input node). */
  private ConversationState atCityQuestion() {
    ConversationState s = step(atMainMenu(), "2", PrivacyState.AGREED).state();
    assertEquals("services", s.flow());
    return s;
  }

  private static List<String> keys(Event e) {
    List<TextRef> refs = switch (e) {
      case Event.SendText t -> t.paragraphs();
      case Event.SendMenu m -> m.prompt();
      default -> List.of();
    };
    return refs.stream().map(r -> r.key() + "/" + r.language()).toList();
  }

  private static boolean has(Step step, Class<? extends Event> kind) {
    return step.events().stream().anyMatch(kind::isInstance);
  }

  @Test
  void aNewContactGetsTheNoticeInEveryLanguageAtTheHeadOfTheWelcome() {
    Step first = step(null, "hello", PrivacyState.NEW_CONTACT);

    assertInstanceOf(Event.NoticeShown.class, first.events().getFirst());
    Event welcome = first.events().get(1);
    assertInstanceOf(Event.SendMenu.class, welcome, "one message: the notice, then the welcome menu");
    assertEquals(List.of("sys.privacy.notice/fr", "sys.privacy.notice/ar", "sys.privacy.notice/en",
        "welcome.start/fr", "welcome.start/ar", "welcome.start/en"), keys(welcome));
    assertFalse(has(first, Event.ConsentGiven.class), "reading is not agreeing");
  }

  @Test
  void theNoticeIsInTheContactsLanguageWhenItIsKnown() {
    // A contact from before the notice existed, whose language is English.
    Step step = step(atMainMenu(), "1", PrivacyState.NEW_CONTACT);
    assertInstanceOf(Event.NoticeShown.class, step.events().getFirst());
    Event first = step.events().stream().filter(e -> !keys(e).isEmpty()).findFirst().orElseThrow();
    assertEquals("sys.privacy.notice/en", keys(first).getFirst());
  }

  @Test
  void writingAgainAfterTheNoticeIsAgreeingAndTheNoticeIsNotShownAgain() {
    ConversationState s = step(null, "hello", PrivacyState.NEW_CONTACT).state();
    Step second = step(s, "3", NOTICE_SHOWN);

    assertTrue(has(second, Event.ConsentGiven.class));
    assertFalse(has(second, Event.NoticeShown.class));
    assertTrue(second.events().stream().noneMatch(e -> keys(e).stream().anyMatch(k -> k.startsWith("sys.privacy"))));
    assertFalse(has(step(second.state(), "1", PrivacyState.AGREED), Event.ConsentGiven.class), "agreed once");
  }

  @Test
  void stoppingOrAskingToReadOrToEraseIsNotAgreeing() {
    ConversationState s = step(null, "hello", PrivacyState.NEW_CONTACT).state();

    Step stop = step(s, "stop", NOTICE_SHOWN);
    assertFalse(has(stop, Event.ConsentGiven.class));
    assertTrue(has(stop, Event.OptOut.class));

    Step read = step(s, "privacy", NOTICE_SHOWN);
    assertFalse(has(read, Event.ConsentGiven.class));
    assertEquals(List.of("sys.privacy.full/fr"), keys(read.events().getFirst()));
    assertEquals(s.flow(), read.state().flow(), "reading the notice leaves the question where it was");
    assertEquals(s.node(), read.state().node());

    Step erase = step(s, "supprimer", NOTICE_SHOWN);
    assertFalse(has(erase, Event.ConsentGiven.class));
    assertTrue(has(erase, Event.ErasureAsked.class));
  }

  @Test
  void aFirstStopGetsNoNoticeSoItComesWhenTheContactWritesAgain() {
    Step stop = step(null, "stop", PrivacyState.NEW_CONTACT);
    assertFalse(has(stop, Event.NoticeShown.class));
    assertTrue(has(stop, Event.OptOut.class));
  }

  @Test
  void anAnswerIsUsedButNotKeptWithoutAgreement() {
    // At the city question, a contact who never saw the notice (written before it existed) answers.
    Step answer = step(atCityQuestion(), "Rabat", PrivacyState.NEW_CONTACT);

    Event.SendServices services = answer.events().stream().filter(Event.SendServices.class::isInstance)
        .map(Event.SendServices.class::cast).findFirst().orElseThrow();
    assertEquals("rabat", services.city(), "the answer served this step's lookup");
    assertNull(answer.state().variables().get("city"), "but it is not kept");
    assertEquals("services", answer.state().variables().get("topic"), "values set by the flow stay");
    assertTrue(has(answer, Event.NoticeShown.class));
  }

  @Test
  void anAnswerIsKeptOnceTheContactAgreed() {
    Step agreedNow = step(atCityQuestion(), "Rabat", NOTICE_SHOWN);
    assertTrue(has(agreedNow, Event.ConsentGiven.class));
    assertEquals("rabat", agreedNow.state().variables().get("city"));

    assertEquals("rabat", step(atCityQuestion(), "Rabat", PrivacyState.AGREED).state().variables().get("city"));
  }

  @Test
  void theErasureKeywordAsksForAConfirmationAndLeavesTheConversationWhereItWas() {
    ConversationState menu = atMainMenu();
    Step asked = step(menu, "DELETE", PrivacyState.AGREED);

    assertEquals(List.of("sys.erase.confirm/en"), keys(asked.events().getFirst()));
    assertTrue(has(asked, Event.ErasureAsked.class));
    assertFalse(has(asked, Event.EraseContact.class));
    assertEquals(menu.flow(), asked.state().flow());
    assertEquals(menu.node(), asked.state().node());
  }

  @ParameterizedTest
  @ValueSource(strings = {"oui", "OUI", "yes", "نعم", "delete", "SUPPRIMER", "احذف"})
  void aConfirmationErasesAndSaysSoInTheContactsLanguage(String reply) {
    Step erased = step(atMainMenu(), reply, ERASURE_ASKED);

    assertEquals(2, erased.events().size(), erased.events().toString());
    assertInstanceOf(Event.EraseContact.class, erased.events().getFirst());
    assertEquals(List.of(SystemKeys.ERASE_DONE + "/en"), keys(erased.events().get(1)));
    assertNull(erased.state().language(), "nothing of the contact is left in the state");
    assertTrue(erased.state().variables().isEmpty());
    assertEquals(ConversationState.Status.ENDED, erased.state().status());
  }

  @Test
  void anythingElseCancelsTheErasureAndIsAnsweredAsUsual() {
    Step cancelled = step(atMainMenu(), "1", ERASURE_ASKED);

    assertInstanceOf(Event.ErasureCancelled.class, cancelled.events().getFirst());
    assertEquals(List.of(SystemKeys.ERASE_CANCELLED + "/en"), keys(cancelled.events().get(1)));
    assertFalse(has(cancelled, Event.EraseContact.class));
    assertEquals("health", cancelled.state().variables().get("topic"), "the reply chose the first option");
  }

  @Test
  void aConfirmedErasureWithAVolunteerClosesTheHandoffFirst() {
    ConversationState withVolunteer = step(atMainMenu(), "human", PrivacyState.AGREED).state();
    assertEquals(ConversationState.Status.HANDOFF, withVolunteer.status());

    Step erased = step(withVolunteer, "yes", ERASURE_ASKED);
    assertInstanceOf(Event.CloseHandoff.class, erased.events().getFirst());
    assertInstanceOf(Event.EraseContact.class, erased.events().get(1));
  }

  @Test
  void withoutPrivacyStateTheEngineBehavesAsBefore() {
    // Callers without consent records (the chat CLI, flow tests) get no notice.
    Step plain = engine.step(CONTENT, null, null, UserInput.text("hello"), T0);
    assertFalse(has(plain, Event.NoticeShown.class));
    assertEquals(List.of("welcome.start/fr", "welcome.start/ar", "welcome.start/en"), keys(plain.events().getFirst()));
  }
}
