package org.dalil.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.dalil.channel.InboundMessage;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.dalil.flow.FlowSet;
import org.dalil.flow.UserInput;
import org.dalil.store.Contact;
import org.dalil.store.ContactDao;
import org.dalil.store.ConversationDao;
import org.dalil.store.Database;
import org.dalil.store.Direction;
import org.dalil.store.HandoffDao;
import org.dalil.store.MessageDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.OutboxRow;
import org.dalil.store.OutboxStatus;
import org.dalil.store.StoredConversation;
import org.dalil.store.StoredMessage;
import org.dalil.store.TestDatabaseExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The conversation service on real PostgreSQL with the real engine, renderer and test content. */
class ConversationServiceTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");

  private static FlowSet content;
  private FlowVersions versions;
  private ConversationService service;
  private final AtomicInteger signals = new AtomicInteger();

  @BeforeAll
  static void loadContent() {
    content = MinimalContent.load();
  }

  @BeforeEach
  void setUp() {
    versions = new FlowVersions(jdbi());
    versions.publish(content);
    service = new ConversationService(jdbi(), versions, channel -> signals.incrementAndGet());
  }

  private static Jdbi jdbi() {
    return db.database().jdbi();
  }

  private static String newAddress() {
    return "+2126" + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L);
  }

  private static InboundMessage text(String address, String text) {
    return text(address, UUID.randomUUID().toString(), text, T0);
  }

  private static InboundMessage text(String address, String providerId, String text, Instant at) {
    return new InboundMessage("simulator", address, providerId, UserInput.text(text), at);
  }

  private static long contactId(String address) {
    return jdbi().withExtension(ContactDao.class, d -> d.findId("simulator", address)).orElseThrow();
  }

  private static StoredConversation conversation(String address) {
    return jdbi().withExtension(ConversationDao.class, d -> d.find(contactId(address))).orElseThrow();
  }

  private static List<StoredMessage> messages(String address) {
    return jdbi().withExtension(MessageDao.class, d -> d.forContact(contactId(address)));
  }

  private static List<OutboxRow> outbox(String address) {
    return jdbi().withExtension(OutboxDao.class, d -> d.forContact(contactId(address)));
  }

  private static Contact contact(String address) {
    return jdbi().withExtension(ContactDao.class, d -> d.find(contactId(address))).orElseThrow();
  }

  @Test
  void aFirstMessageGetsTheWelcomeStoredInTheOutbox() {
    String address = newAddress();
    HandleResult result = service.handle(text(address, "bonjour"));

    assertFalse(result.duplicate());
    assertFalse(result.replies().isEmpty());
    String all = result.replies().stream().map(OutboundMessage::asPlainText).reduce("", String::concat);
    assertTrue(all.contains("Welcome. Your language?"), all);

    List<OutboxRow> rows = outbox(address);
    assertEquals(result.replies(), rows.stream().map(OutboxRow::payload).toList());
    assertTrue(rows.stream().allMatch(r -> r.status() == OutboxStatus.PENDING && r.channel().equals("simulator")));

    List<StoredMessage> stored = messages(address);
    assertEquals(1 + result.replies().size(), stored.size());
    StoredMessage inbound = stored.getFirst();
    assertEquals(Direction.IN, inbound.direction());
    assertEquals(result.inboundMessageId(), inbound.id());
    assertEquals("bonjour", inbound.body());
    for (StoredMessage out : stored.subList(1, stored.size())) {
      assertEquals(Direction.OUT, out.direction());
      assertEquals(result.inboundMessageId(), out.inReplyTo());
    }
    assertEquals(content.version(), conversation(address).state().version());
    assertEquals(1, signals.get(), "the outbox worker is told once the replies are committed");
  }

  @Test
  void aDuplicateDeliveryGetsTheSameRepliesAndChangesNothing() {
    String address = newAddress();
    service.handle(text(address, "bonjour"));
    InboundMessage menuChoice = text(address, "SM-dup-" + UUID.randomUUID(), "1", T0.plusSeconds(5));
    HandleResult first = service.handle(menuChoice);
    List<StoredMessage> messagesBefore = messages(address);
    List<OutboxRow> outboxBefore = outbox(address);
    StoredConversation conversationBefore = conversation(address);
    String updatedBefore = updatedAt(address);
    int signalsBefore = signals.get();

    HandleResult again = service.handle(new InboundMessage(menuChoice.channel(), address,
        menuChoice.providerMessageId(), UserInput.text("1"), T0.plusSeconds(9)));

    assertTrue(again.duplicate());
    assertEquals(first.inboundMessageId(), again.inboundMessageId());
    assertEquals(first.replies(), again.replies());
    assertEquals(messagesBefore, messages(address));
    assertEquals(outboxBefore, outbox(address));
    assertEquals(conversationBefore, conversation(address));
    assertEquals(updatedBefore, updatedAt(address));
    assertEquals(signalsBefore, signals.get());
  }

  @Test
  void aMessageDeliveredFourTimesAtOnceIsHandledOnce() throws Exception {
    String address = newAddress();
    service.handle(text(address, "hello"));
    InboundMessage choice = text(address, "SM-race-" + UUID.randomUUID(), "2", T0.plusSeconds(1));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HandleResult>> results = pool.invokeAll(List.of(
          () -> service.handle(choice), () -> service.handle(choice),
          () -> service.handle(choice), () -> service.handle(choice)));
      List<HandleResult> handled = new ArrayList<>();
      for (Future<HandleResult> f : results) {
        handled.add(f.get());
      }
      assertEquals(1, handled.stream().filter(r -> !r.duplicate()).count());
      HandleResult original = handled.stream().filter(r -> !r.duplicate()).findFirst().orElseThrow();
      for (HandleResult r : handled) {
        assertEquals(original.inboundMessageId(), r.inboundMessageId());
        assertEquals(original.replies(), r.replies());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(2, messages(address).stream().filter(m -> m.direction() == Direction.IN).count());
  }

  private static String updatedAt(String address) {
    return jdbi().withHandle(h -> h.createQuery("SELECT updated_at::text FROM conversations WHERE contact_id = :c")
        .bind("c", contactId(address)).mapTo(String.class).one());
  }

  @Test
  void theSameMessagesInAnyOrderFromFourThreadsGiveTheSameStateAsOneByOne() throws Exception {
    int count = 20;
    String sequential = newAddress();
    for (int i = 0; i < count; i++) {
      service.handle(text(sequential, "???"));
    }

    String concurrent = newAddress();
    List<Callable<HandleResult>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(() -> service.handle(text(concurrent, "???")));
    }
    runAll(4, calls);

    assertSameConversation(sequential, concurrent, count);
  }

  @Test
  void twoServersOnOneDatabaseAgreeOnAContact() throws Exception {
    Database second = db.testDatabase().openAnother();
    FlowVersions secondVersions = new FlowVersions(second.jdbi());
    secondVersions.publish(MinimalContent.load());
    ConversationService secondService = new ConversationService(second.jdbi(), secondVersions, channel -> {});

    int count = 20;
    String sequential = newAddress();
    for (int i = 0; i < count; i++) {
      service.handle(text(sequential, "???"));
    }
    String concurrent = newAddress();
    List<Callable<HandleResult>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ConversationService server = i % 2 == 0 ? service : secondService;
      calls.add(() -> server.handle(text(concurrent, "???")));
    }
    runAll(4, calls);

    assertSameConversation(sequential, concurrent, count);
  }

  @Test
  void messagesOfSeveralContactsHandledTogetherEndAsIfHandledOneByOne() {
    // Each contact's texts, one per round: a menu path, a handoff opened then closed, an opt-out
    // and a return, texts not understood; the fifth contact's second message is its first delivered
    // again; the last contact is new in the third round, among known ones ("" = no message).
    List<List<String>> scripts = List.of(
        List.of("hello", "3", "1", "menu"),
        List.of("hello", "3", "human", "menu"),
        List.of("hello", "stop", "hello", "3"),
        List.of("hello", "???", "???", "???"),
        List.of("hello", "(again)", "3", "2"),
        List.of("", "", "hello", "3"));
    List<String> together = new ArrayList<>();
    List<String> alone = new ArrayList<>();
    for (int c = 0; c < scripts.size(); c++) {
      together.add(newAddress());
      alone.add(newAddress());
    }
    FlowSet current = versions.current();
    for (int round = 0; round < 4; round++) {
      List<ConversationService.Arrival> batch = new ArrayList<>();
      for (int c = 0; c < scripts.size(); c++) {
        String text = scripts.get(c).get(round);
        if (text.isEmpty()) {
          continue;
        }
        Instant at = T0.plusSeconds(round);
        boolean again = text.equals("(again)");
        String input = again ? scripts.get(c).get(round - 1) : text;
        String id = "batch-" + c + "-" + (again ? round - 1 : round);
        batch.add(new ConversationService.Arrival(current, text(together.get(c), id + together.get(c), input, at)));
        service.handle(text(alone.get(c), id + alone.get(c), input, at));
      }
      List<HandleResult> results = service.handleTogether(batch);
      assertEquals(batch.size(), results.size());
      assertEquals(round == 1, results.get(4).duplicate());
      // Together means one transaction: every message the round stored was written by the same one.
      Long[] stored = results.stream().filter(r -> !r.duplicate()).map(HandleResult::inboundMessageId)
          .toArray(Long[]::new);
      int transactions = jdbi().withHandle(h -> h.createQuery(
          "SELECT count(DISTINCT xmin::text) FROM messages WHERE id = ANY(:ids)")
          .bind("ids", stored).mapTo(Integer.class).one());
      assertEquals(1, transactions, "round " + round);
    }

    for (int c = 0; c < scripts.size(); c++) {
      String expected = alone.get(c);
      String actual = together.get(c);
      assertEquals(conversation(expected).state(), conversation(actual).state());
      assertEquals(messages(expected).stream().map(m -> m.direction() + m.body()).toList(),
          messages(actual).stream().map(m -> m.direction() + m.body()).toList());
      assertEquals(outbox(expected).stream().map(OutboxRow::payload).toList(),
          outbox(actual).stream().map(OutboxRow::payload).toList());
      assertEquals(contact(expected).optedOut(), contact(actual).optedOut());
      assertEquals(contact(expected).language(), contact(actual).language());
      assertEquals(handoffs(expected), handoffs(actual));
    }
    assertEquals(List.of(true, false), List.of(contact(together.get(1)).language() != null, contact(together.get(2)).optedOut()));
    assertEquals("1 closed", handoffs(together.get(1)));
  }

  private static String handoffs(String address) {
    return jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) || ' ' || CASE WHEN bool_and(closed_at IS NOT NULL) THEN 'closed' ELSE 'open' END"
            + " FROM handoffs WHERE contact_id = :c").bind("c", contactId(address)).mapTo(String.class).one());
  }

  private static void runAll(int threads, List<Callable<HandleResult>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (Future<HandleResult> f : pool.invokeAll(calls)) {
        assertFalse(f.get().duplicate());
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Same texts, same times: whatever the order, serialised handling ends in the same state. */
  private static void assertSameConversation(String expected, String actual, int count) {
    ConversationState one = conversation(expected).state();
    ConversationState other = conversation(actual).state();
    assertEquals(one, other);
    List<StoredMessage> expectedMessages = messages(expected);
    List<StoredMessage> actualMessages = messages(actual);
    assertEquals(count, actualMessages.stream().filter(m -> m.direction() == Direction.IN).count());
    assertEquals(expectedMessages.stream().map(m -> m.direction() + m.body()).toList(),
        actualMessages.stream().map(m -> m.direction() + m.body()).toList());
    assertEquals(outbox(expected).stream().map(OutboxRow::payload).toList(),
        outbox(actual).stream().map(OutboxRow::payload).toList());
  }

  @Test
  void smsRepliesUseTheShortVariants() {
    String address = newAddress();
    HandleResult health = null;
    for (String reply : List.of("hello", "3", "1")) {
      health = service.handle(new InboundMessage("sms", address, UUID.randomUUID().toString(), UserInput.text(reply), T0));
    }
    String texts = health.replies().stream().map(OutboundMessage::asPlainText).reduce("", String::concat);
    assertTrue(texts.contains("Health: emergency room of the nearest public hospital."), texts);
    assertFalse(texts.contains("An organisation can go with you"), texts);

    String web = newAddress();
    for (String reply : List.of("hello", "3", "1")) {
      health = service.handle(text(web, reply));
    }
    String long_ = health.replies().stream().map(OutboundMessage::asPlainText).reduce("", String::concat);
    assertTrue(long_.contains("An organisation can go with you"), long_);
  }

  @Test
  void storesTheLanguageTheContactChooses() {
    String address = newAddress();
    service.handle(text(address, "hello"));
    service.handle(text(address, "3"));
    assertEquals("en", contact(address).language());
    assertEquals("en", conversation(address).state().language());
  }

  @Test
  void stopOptsOutUntilTheContactWritesAgain() {
    String address = newAddress();
    service.handle(text(address, "hello"));
    service.handle(text(address, "stop"));
    assertTrue(contact(address).optedOut());
    service.handle(text(address, "hello"));
    assertFalse(contact(address).optedOut());
  }

  @Test
  void askingForAHumanOpensOneHandoffAndGoingBackToTheMenuClosesIt() {
    String address = newAddress();
    service.handle(text(address, "hello"));
    service.handle(text(address, "3"));
    service.handle(text(address, "human"));
    long contactId = contactId(address);
    assertTrue(jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contactId)).isPresent());
    assertEquals(ConversationState.Status.HANDOFF, conversation(address).state().status());
    assertEquals(conversation(address).id(),
        jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contactId)).orElseThrow().conversationId());

    service.handle(text(address, "menu"));
    assertTrue(jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contactId)).isEmpty());
    int closed = jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM handoffs WHERE contact_id = :c AND closed_at IS NOT NULL")
        .bind("c", contactId).mapTo(Integer.class).one());
    assertEquals(1, closed);
  }

  @Test
  void aConversationContinuesOnTheVersionItStartedOn(@TempDir Path dir) {
    String address = newAddress();
    service.handle(text(address, "hello"));

    Path changed = MinimalContent.copyTo(dir);
    MinimalContent.setText(changed, "en", "welcome.intro", "NEW INTRO TEXT");
    FlowSet v2 = MinimalContent.load(changed);
    assertNotEquals(content.version(), v2.version());
    versions.publish(v2);

    HandleResult english = service.handle(text(address, "3"));
    String texts = english.replies().stream().map(OutboundMessage::asPlainText).reduce("", String::concat);
    assertFalse(texts.contains("NEW INTRO TEXT"), texts);
    assertTrue(texts.contains("Dalil gives free information"), texts);
    assertEquals(content.version(), conversation(address).state().version());

    String newcomer = newAddress();
    service.handle(text(newcomer, "hello"));
    HandleResult newcomerEnglish = service.handle(text(newcomer, "3"));
    String newTexts = newcomerEnglish.replies().stream().map(OutboundMessage::asPlainText).reduce("", String::concat);
    assertTrue(newTexts.contains("NEW INTRO TEXT"), newTexts);
    assertEquals(v2.version(), conversation(newcomer).state().version());
  }
}
