package org.dalil.handoff;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dalil.channel.InboundMessage;
import org.dalil.conversation.ConversationService;
import org.dalil.conversation.FlowVersions;
import org.dalil.conversation.HandleResult;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.UserInput;
import org.dalil.store.ContactDao;
import org.dalil.store.Database;
import org.dalil.store.HandoffDao;
import org.dalil.store.TestDatabase;
import org.dalil.web.auth.Role;
import org.dalil.web.auth.VolunteerDao;
import org.jdbi.v3.core.Jdbi;

/**
 * The inbox on the minimal content and a test database of its own: a conversation service with
 * the escalation hook, an inbox service, a hand-moved clock, and helpers that create volunteers
 * and contacts waiting for one.
 */
final class InboxFixture {
  static final Path MINIMAL = Path.of("src", "test", "resources", "content", "minimal");

  final Database database;
  final FlowVersions versions;
  final MutableClock clock;
  final AtomicReference<InboxSettings> settings;
  final AtomicInteger outboxWakeUps = new AtomicInteger();
  /** The languages with a WhatsApp template to ask a contact to write back; none at first. */
  final java.util.Set<String> templateLanguages = java.util.concurrent.ConcurrentHashMap.newKeySet();
  final ConversationService conversations;
  final InboxService inbox;

  InboxFixture(Database database, MutableClock clock, InboxSettings initial) {
    this.database = database;
    this.clock = clock;
    this.settings = new AtomicReference<>(initial);
    this.versions = new FlowVersions(database.jdbi());
    versions.publish(content());
    EscalationHook hook = new EscalationHook(settings::get, clock, () -> {});
    this.conversations = new ConversationService(database.jdbi(), versions, channel -> outboxWakeUps.incrementAndGet())
        .withHandoffHook(hook);
    this.inbox = new InboxService(database.jdbi(), versions, settings::get, clock, outboxWakeUps::incrementAndGet,
        (channel, language) -> channel.equals("whatsapp") && templateLanguages.contains(language));
  }

  /** Another instance on the same database: its own pool, the same content. */
  InboxFixture another(TestDatabase db) {
    return new InboxFixture(db.openAnother(), clock, settings.get());
  }

  static FlowSet content() {
    FlowSetLoader.Result result = new FlowSetLoader().load(MINIMAL.resolve("flows"), MINIMAL.resolve("i18n"));
    if (!result.ok()) {
      throw new AssertionError("minimal content does not load: " + result.problems());
    }
    return result.flowSet();
  }

  Jdbi jdbi() {
    return database.jdbi();
  }

  long volunteer(String name, Role role, String... languages) {
    String email = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "-" + UUID.randomUUID() + "@example.org";
    return jdbi().withExtension(VolunteerDao.class, d -> d.insert(email, name, "not a hash", role.sql(), languages));
  }

  Actor actor(long id, String... languages) {
    return new Actor(id, false, List.of(languages));
  }

  Actor admin(long id) {
    return new Actor(id, true, List.of("fr", "ar", "en"));
  }

  HandleResult write(String channel, String address, String text) {
    return conversations.handle(new InboundMessage(channel, address, UUID.randomUUID().toString(),
        UserInput.text(text), clock.instant()));
  }

  static String newAddress() {
    return "+2126" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L));
  }

  long contactId(String channel, String address) {
    return jdbi().withExtension(ContactDao.class, d -> d.findId(channel, address)).orElseThrow();
  }

  /** A French contact on the simulator who asked for a volunteer; the open handoff's id. */
  long waitingContact(String address) {
    return waitingContact("simulator", address, "fr");
  }

  /** A contact who chose {@code language} and asked for a volunteer, on {@code channel}. */
  long waitingContact(String channel, String address, String language) {
    switch (language) {
      case "fr" -> write(channel, address, "humain");
      case "ar" -> {
        write(channel, address, "salam");
        write(channel, address, "2");
        write(channel, address, "متطوع");
      }
      case "en" -> {
        write(channel, address, "hello");
        write(channel, address, "3");
        write(channel, address, "human");
      }
      default -> throw new IllegalArgumentException(language);
    }
    long contact = contactId(channel, address);
    return jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contact)).orElseThrow().id();
  }

  void makeUrgent(long handoffId) {
    jdbi().useHandle(h -> h.execute("UPDATE handoffs SET urgent = true WHERE id = ?", handoffId));
  }

  Instant now() {
    return clock.instant();
  }
}
