package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.Recipient;
import org.dalil.flow.ConversationState;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoreDaoTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  private Jdbi jdbi() {
    return db.database().jdbi();
  }

  private static String uniqueAddress() {
    return "+2126" + (100_000_000L + Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 800_000_000L));
  }

  @Test
  void contactIsCreatedOnceAndShownMasked() {
    String address = uniqueAddress();
    long id = jdbi().withExtension(ContactDao.class, d -> d.upsert("whatsapp", address));
    long again = jdbi().withExtension(ContactDao.class, d -> d.upsert("whatsapp", address));
    long otherChannel = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", address));
    assertEquals(id, again);
    assertNotEquals(id, otherChannel);

    Contact contact = jdbi().withExtension(ContactDao.class, d -> d.find(id)).orElseThrow();
    assertEquals("•••" + address.substring(address.length() - 3), contact.addressMasked());
    assertEquals("whatsapp", contact.channel());
    assertNull(contact.language());
    assertNotNull(contact.createdAt());
    assertEquals(Optional.of(address), jdbi().withExtension(ContactDao.class, d -> d.address(id)));
    assertEquals(Optional.of(id), jdbi().withExtension(ContactDao.class, d -> d.findId("whatsapp", address)));
  }

  @Test
  void anAddressThatNoLongerDecryptsIsUnreadableNotAnError() {
    long damaged = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", uniqueAddress()));
    String address = uniqueAddress();
    long fine = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", address));
    jdbi().useHandle(h -> h.execute("UPDATE contacts SET address_secret = 'AAAA' || address_secret WHERE id = ?", damaged));

    assertEquals(Optional.empty(), jdbi().withExtension(ContactDao.class, d -> d.address(damaged)));
    Map<Long, Recipient> recipients = jdbi().withExtension(ContactDao.class, d -> d.recipients(new long[] {damaged, fine}));
    assertEquals(Set.of(fine), recipients.keySet());
    assertEquals(address, recipients.get(fine).address());
  }

  @Test
  void recipientsCarryTheAddressAndWhenTheContactLastWrote() {
    String address = uniqueAddress();
    long wrote = jdbi().withExtension(ContactDao.class, d -> d.upsert("whatsapp", "whatsapp:" + address));
    long silent = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", address));
    Instant last = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);
    jdbi().useHandle(h -> {
      for (Instant at : List.of(last.minusSeconds(600), last)) {
        h.createUpdate("""
            INSERT INTO messages (contact_id, direction, channel, provider_message_id, body, created_at)
            VALUES (:c, 'in', 'whatsapp', :p, 'x', :at)""")
            .bind("c", wrote).bind("p", UUID.randomUUID().toString()).bind("at", at).execute();
      }
      // A reply to them is not them writing.
      h.createUpdate("INSERT INTO messages (contact_id, direction, channel, body, created_at) VALUES (:c, 'out', 'whatsapp', 'y', now())")
          .bind("c", wrote).execute();
    });
    Map<Long, Recipient> recipients =
        jdbi().withExtension(ContactDao.class, d -> d.recipients(new long[] {wrote, silent}));
    assertEquals(new Recipient("whatsapp:" + address, last), recipients.get(wrote));
    assertEquals(new Recipient(address, null), recipients.get(silent));
  }

  @Test
  void masksShortAddressesEntirely() {
    assertEquals("•••", AddressMask.mask("12"));
    assertEquals("•••", AddressMask.mask("123"));
    assertEquals("•••234", AddressMask.mask("1234"));
  }

  @Test
  void contactLanguageAndOptOut() {
    long id = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", uniqueAddress()));
    Instant at = Instant.parse("2026-03-01T10:15:30Z");
    jdbi().useExtension(ContactDao.class, d -> {
      d.setLanguage(id, "ar");
      d.optOut(id, at);
    });
    Contact stopped = jdbi().withExtension(ContactDao.class, d -> d.find(id)).orElseThrow();
    assertEquals("ar", stopped.language());
    assertEquals(at, stopped.optedOutAt());
    assertTrue(stopped.optedOut());

    assertEquals(true, jdbi().withExtension(ContactDao.class, d -> d.clearOptOut(id)));
    assertEquals(false, jdbi().withExtension(ContactDao.class, d -> d.clearOptOut(id)));
    assertFalse(jdbi().withExtension(ContactDao.class, d -> d.find(id)).orElseThrow().optedOut());
  }

  @Test
  void inboundMessagesAreDeduplicatedPerChannel() {
    long contact = jdbi().withExtension(ContactDao.class, d -> d.upsert("telegram", uniqueAddress()));
    String providerId = "SM" + UUID.randomUUID();
    Optional<Long> first = jdbi().withExtension(MessageDao.class, d -> d.insertInbound(contact, "telegram", providerId, "bonjour"));
    Optional<Long> second = jdbi().withExtension(MessageDao.class, d -> d.insertInbound(contact, "telegram", providerId, "bonjour"));
    Optional<Long> otherChannel = jdbi().withExtension(MessageDao.class, d -> d.insertInbound(contact, "sms", providerId, "bonjour"));
    assertTrue(first.isPresent());
    assertTrue(second.isEmpty());
    assertTrue(otherChannel.isPresent());
    assertEquals(first, jdbi().withExtension(MessageDao.class, d -> d.findInbound("telegram", providerId)));

    long reply = jdbi().withExtension(MessageDao.class, d -> d.insertOutbound(contact, "telegram", "Salut", first.get()));
    List<StoredMessage> all = jdbi().withExtension(MessageDao.class, d -> d.forContact(contact));
    assertEquals(List.of(first.get(), otherChannel.get(), reply), all.stream().map(StoredMessage::id).toList());
    StoredMessage out = all.get(2);
    assertEquals(Direction.OUT, out.direction());
    assertEquals(first.get(), out.inReplyTo());
    assertNull(out.providerMessageId());
    assertNull(all.get(0).inReplyTo());
  }

  @Test
  void anInboundMessageNeedsTheProvidersId() {
    long contact = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", uniqueAddress()));
    assertThrows(UnableToExecuteStatementException.class,
        () -> jdbi().withExtension(MessageDao.class, d -> d.insertInbound(contact, "sms", null, "x")));
  }

  @Test
  void outboxKeepsTheRenderedMessageAndFindsTheRepliesToAMessage() {
    long contact = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", uniqueAddress()));
    long inbound = jdbi().withExtension(MessageDao.class, d -> d.insertInbound(contact, "sms", "p-" + UUID.randomUUID(), "1")).orElseThrow();
    OutboundMessage menu = new OutboundMessage("اختر:", List.of(new OutboundMessage.Option(1, "الصحة"), new OutboundMessage.Option(2, "عمل")), "ar");
    OutboundMessage text = new OutboundMessage("Bienvenue", List.of(), "fr");
    for (OutboundMessage m : List.of(menu, text)) {
      long messageId = jdbi().withExtension(MessageDao.class, d -> d.insertOutbound(contact, "sms", m.asPlainText(), inbound));
      jdbi().useExtension(OutboxDao.class, d -> d.insert(messageId, contact, "sms", m));
    }
    assertEquals(List.of(menu, text), jdbi().withExtension(OutboxDao.class, d -> d.repliesTo(inbound)));

    List<OutboxRow> rows = jdbi().withExtension(OutboxDao.class, d -> d.forContact(contact));
    assertEquals(2, rows.size());
    assertEquals(OutboxStatus.PENDING, rows.get(0).status());
    assertEquals(0, rows.get(0).attempts());
    assertEquals(menu, rows.get(0).payload());
  }

  @Test
  void conversationStateRoundTrips() {
    long contact = jdbi().withExtension(ContactDao.class, d -> d.upsert("simulator", uniqueAddress()));
    jdbi().useExtension(FlowVersionDao.class, d -> d.insert("v-test-1", Map.of("flows/main.yaml", "flow: main\n")));
    Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
    ConversationState state = new ConversationState("v-test-1", "services", "ask_city", "fr",
        Map.of("topic", "health", "city", "rabat"), 2, ConversationState.Status.ACTIVE,
        started, started.plusSeconds(30), List.of("welcome.start", "main.menu", "services.ask_city"));
    long id = jdbi().withExtension(ConversationDao.class, d -> d.save(contact, state));

    StoredConversation stored = jdbi().withExtension(ConversationDao.class, d -> d.find(contact)).orElseThrow();
    assertEquals(new StoredConversation(id, contact, state), stored);

    ConversationState ended = new ConversationState("v-test-1", null, null, "ar", Map.of(), 0,
        ConversationState.Status.ENDED, started, started.plusSeconds(60), List.of());
    long sameId = jdbi().withExtension(ConversationDao.class, d -> d.save(contact, ended));
    assertEquals(id, sameId);
    assertEquals(ended, jdbi().withExtension(ConversationDao.class, d -> d.find(contact)).orElseThrow().state());
    assertTrue(jdbi().withExtension(ConversationDao.class, d -> d.find(-1)).isEmpty());
  }

  @Test
  void aConversationMustRunOnAStoredFlowVersion() {
    long contact = jdbi().withExtension(ContactDao.class, d -> d.upsert("simulator", uniqueAddress()));
    Instant now = Instant.now();
    ConversationState state = new ConversationState("never-published", null, null, null, Map.of(), 0,
        ConversationState.Status.ENDED, now, now, List.of());
    assertThrows(UnableToExecuteStatementException.class,
        () -> jdbi().withExtension(ConversationDao.class, d -> d.save(contact, state)));
  }

  @Test
  void flowVersionsAreStoredOnce() {
    jdbi().useExtension(FlowVersionDao.class, d -> {
      d.insert("v-once", Map.of("i18n/fr.properties", "a=b\n"));
      d.insert("v-once", Map.of("i18n/fr.properties", "something else"));
    });
    assertEquals(Optional.of(Map.of("i18n/fr.properties", "a=b\n")),
        jdbi().withExtension(FlowVersionDao.class, d -> d.sources("v-once")));
    assertTrue(jdbi().withExtension(FlowVersionDao.class, d -> d.sources("v-none")).isEmpty());
  }

  @Test
  void aContactHasAtMostOneOpenHandoff() {
    long contact = jdbi().withExtension(ContactDao.class, d -> d.upsert("simulator", uniqueAddress()));
    jdbi().useExtension(FlowVersionDao.class, d -> d.insert("v-handoff", Map.of()));
    Instant now = Instant.now();
    long conversation = jdbi().withExtension(ConversationDao.class, d -> d.save(contact,
        new ConversationState("v-handoff", null, null, "fr", Map.of(), 0, ConversationState.Status.HANDOFF, now, now, List.of())));

    long first = jdbi().withExtension(HandoffDao.class, d -> d.open(conversation, contact, "legal", false, "main.menu > legal"));
    long again = jdbi().withExtension(HandoffDao.class, d -> d.open(conversation, contact, "legal", true, "main.menu > legal"));
    assertEquals(first, again);
    Handoff open = jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contact)).orElseThrow();
    assertTrue(open.urgent(), "a second, urgent request makes the open handoff urgent");
    assertEquals("legal", open.topic());
    assertTrue(jdbi().withExtension(HandoffDao.class, d -> d.openQueue(100)).contains(open));

    assertEquals(true, jdbi().withExtension(HandoffDao.class, d -> d.closeOpen(contact)));
    assertEquals(false, jdbi().withExtension(HandoffDao.class, d -> d.closeOpen(contact)));
    assertTrue(jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contact)).isEmpty());
    long next = jdbi().withExtension(HandoffDao.class, d -> d.open(conversation, contact, "health", false, ""));
    assertNotEquals(first, next);

    // The index, not only the DAO, forbids a second open one.
    assertThrows(Exception.class, () -> jdbi().useHandle(h -> h.execute(
        "INSERT INTO handoffs (conversation_id, contact_id, topic) VALUES (?, ?, 'x')", conversation, contact)));
  }
}
