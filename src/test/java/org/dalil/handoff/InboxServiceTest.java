package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditEntry;
import org.dalil.audit.AuditLog;
import org.dalil.channel.OutboundMessage;
import org.dalil.conversation.HandleResult;
import org.dalil.flow.ConversationState;
import org.dalil.i18n.SystemKeys;
import org.dalil.store.ConversationDao;
import org.dalil.store.HandoffDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.OutboxRow;
import org.dalil.store.TestDatabaseExtension;
import org.dalil.web.auth.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbox's rules on a real PostgreSQL: queue, ownership, replies, resolve, audit. */
class InboxServiceTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
  private static final InboxSettings ALWAYS_OPEN =
      InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "always", InboxSettings.CASELOAD_CAP, "3"));
  private static InboxFixture f;

  @BeforeAll
  static void start() {
    f = new InboxFixture(db.database(), new MutableClock(START), ALWAYS_OPEN);
  }

  private static final Instant START = Instant.parse("2026-05-04T10:00:00Z");

  @BeforeEach
  void openHoursAndNoTemplate() {
    f.settings.set(ALWAYS_OPEN);
    f.templateLanguages.clear();
    f.clock.set(START);
  }

  /** A French WhatsApp contact whose handoff a volunteer claimed, then 25 hours of silence: the window is closed. */
  private record OutsideTheWindow(String address, long handoff, long contact, Actor volunteer) {}

  private static OutsideTheWindow claimedThenSilentFor25Hours(String volunteerName) {
    String address = "whatsapp:" + InboxFixture.newAddress();
    long handoff = f.waitingContact("whatsapp", address, "fr");
    long contact = f.contactId("whatsapp", address);
    Actor volunteer = f.actor(f.volunteer(volunteerName, Role.VOLUNTEER, "fr"), "fr");
    f.inbox.claim(volunteer, handoff);
    f.jdbi().useHandle(h -> h.execute(
        "UPDATE messages SET created_at = now() - interval '25 hours' WHERE contact_id = ?", contact));
    f.clock.set(Instant.now());
    return new OutsideTheWindow(address, handoff, contact, volunteer);
  }

  private static Instant local(String t) {
    return LocalDateTime.parse(t).atZone(CASABLANCA).toInstant();
  }

  private static List<OutboxRow> outbox(long contactId) {
    return f.jdbi().withExtension(OutboxDao.class, d -> d.forContact(contactId));
  }

  private static List<AuditEntry> audit(long contactId) {
    return f.jdbi().withExtension(AuditLog.class, a -> a.forContact(contactId));
  }

  @Test
  void aHandoffIsQueuedWithItsDetailsAndTheContactIsToldTheWait() {
    String address = InboxFixture.newAddress();
    HandleResult result = f.write("simulator", address, "humain");
    List<String> texts = result.replies().stream().map(OutboundMessage::text).toList();
    assertEquals(2, texts.size(), texts.toString());
    // The privacy notice heads the first reply to a new contact (issue 6).
    assertTrue(texts.get(0).endsWith("\nUn bénévole va vous répondre ici."), texts.get(0));
    assertTrue(texts.get(1).contains("dans les 30 minutes"), texts.get(1));

    long contact = f.contactId("simulator", address);
    HandoffSummary h = f.inbox.find(f.jdbi().withExtension(HandoffDao.class, d -> d.findOpen(contact)).orElseThrow().id())
        .orElseThrow();
    assertEquals("fr", h.language());
    assertEquals("general", h.topic());
    assertEquals("simulator", h.channel());
    assertFalse(h.urgent());
    assertTrue(h.addressMasked().endsWith(address.substring(address.length() - 3)));
    assertFalse(h.addressMasked().contains(address.substring(0, 6)), "the queue never holds the full address");

    HandleResult next = f.write("simulator", address, "j'attends");
    assertTrue(next.replies().isEmpty(), "the bot stays silent, and the wait is announced only once");
  }

  @Test
  void outsideTheOpeningHoursTheContactIsToldWhenSomeoneWillBeThere() {
    f.settings.set(InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "mon-fri 09:00-18:00")));
    f.clock.set(local("2026-05-04T20:00"));
    HandleResult result = f.write("simulator", InboxFixture.newAddress(), "humain");
    String wait = result.replies().getLast().text();
    assertTrue(wait.contains("demain à 09:00"), wait);

    f.clock.set(local("2026-05-08T19:00"));
    wait = f.write("simulator", InboxFixture.newAddress(), "humain").replies().getLast().text();
    assertTrue(wait.contains("lundi à 09:00"), wait);
  }

  @Test
  void theQueueShowsUrgentFirstThenTheVolunteersLanguagesThenOldest() {
    long french = f.waitingContact(InboxFixture.newAddress());
    long arabic = f.waitingContact("simulator", InboxFixture.newAddress(), "ar");
    long english = f.waitingContact("simulator", InboxFixture.newAddress(), "en");
    long frenchUrgent = f.waitingContact(InboxFixture.newAddress());
    f.makeUrgent(frenchUrgent);
    Set<Long> mine = Set.of(french, arabic, english, frenchUrgent);
    long v = f.volunteer("Amina", Role.VOLUNTEER, "ar", "en");
    List<Long> order = f.inbox.queue(f.actor(v, "ar", "en")).stream().map(HandoffSummary::id).filter(mine::contains).toList();
    assertEquals(List.of(frenchUrgent, arabic, english, french), order);
    HandoffSummary urgent = f.inbox.find(frenchUrgent).orElseThrow();
    assertTrue(urgent.flagged());
  }

  @Test
  void theSecondClaimIsRefusedWithTheOwnersName() {
    long handoff = f.waitingContact(InboxFixture.newAddress());
    long first = f.volunteer("Yassine", Role.VOLUNTEER, "fr");
    long second = f.volunteer("Fatou", Role.VOLUNTEER, "fr");
    assertInstanceOf(Outcome.Done.class, f.inbox.claim(f.actor(first, "fr"), handoff));
    Outcome lost = f.inbox.claim(f.actor(second, "fr"), handoff);
    assertEquals(new Outcome.Refused(Outcome.Reason.ALREADY_CLAIMED, "Yassine"), lost);
    assertEquals(first, f.inbox.find(handoff).orElseThrow().claimedBy());
    long contact = f.inbox.find(handoff).orElseThrow().contactId();
    assertEquals(1, audit(contact).stream().filter(e -> e.action() == AuditAction.CLAIM).count());
  }

  @Test
  void theCaseloadCapStopsClaims() {
    long v = f.volunteer("Busy", Role.VOLUNTEER, "fr");
    Actor busy = f.actor(v, "fr");
    for (int i = 0; i < 3; i++) {
      assertTrue(f.inbox.claim(busy, f.waitingContact(InboxFixture.newAddress())).ok());
    }
    long fourth = f.waitingContact(InboxFixture.newAddress());
    assertEquals(new Outcome.Refused(Outcome.Reason.CASELOAD_FULL), f.inbox.claim(busy, fourth));
    assertNull(f.inbox.find(fourth).orElseThrow().claimedBy());
    assertEquals(3, f.inbox.caseload(busy));
  }

  @Test
  void onlyTheOwnerReplies() {
    String address = InboxFixture.newAddress();
    long handoff = f.waitingContact(address);
    long contact = f.contactId("simulator", address);
    long owner = f.volunteer("Owner", Role.VOLUNTEER, "fr");
    long other = f.volunteer("Other", Role.VOLUNTEER, "fr");
    f.makeUrgent(handoff);
    int before = outbox(contact).size();

    assertEquals(Outcome.Reason.NOT_OWNER,
        ((Outcome.Refused) f.inbox.reply(f.actor(other, "fr"), handoff, "Bonjour")).reason(), "not claimed yet");
    f.inbox.claim(f.actor(owner, "fr"), handoff);
    assertEquals(Outcome.Reason.NOT_OWNER,
        ((Outcome.Refused) f.inbox.reply(f.actor(other, "fr"), handoff, "Bonjour")).reason());
    assertEquals(Outcome.Reason.NOT_OWNER,
        ((Outcome.Refused) f.inbox.reply(f.admin(other), handoff, "Bonjour")).reason(), "an admin reads, does not reply");
    assertEquals(before, outbox(contact).size(), "a refused reply writes nothing");
    assertTrue(f.inbox.find(handoff).orElseThrow().flagged());

    assertInstanceOf(Outcome.Done.class, f.inbox.reply(f.actor(owner, "fr"), handoff, "Bonjour, je suis là."));
    List<OutboxRow> rows = outbox(contact);
    assertEquals(before + 1, rows.size());
    assertEquals("Bonjour, je suis là.", rows.getLast().payload().text());
    assertEquals("fr", rows.getLast().payload().language());
    assertFalse(f.inbox.find(handoff).orElseThrow().flagged(), "answered: no longer flagged");

    ConversationView view = f.inbox.refresh(handoff).orElseThrow();
    List<HistoryItem.Kind> kinds = view.history().stream().map(HistoryItem::kind).toList();
    assertEquals(HistoryItem.Kind.CONTACT, kinds.getFirst());
    assertTrue(kinds.contains(HistoryItem.Kind.BOT));
    HistoryItem last = view.history().getLast();
    assertEquals(HistoryItem.Kind.VOLUNTEER, last.kind());
    assertEquals("Owner", last.author());
    assertEquals("pending", last.shownStatus());
  }

  @Test
  void releaseAndTransferChangeTheOwnerOnlyForTheOwnerOrAnAdmin() {
    long handoff = f.waitingContact(InboxFixture.newAddress());
    long a = f.volunteer("A", Role.VOLUNTEER, "fr");
    long b = f.volunteer("B", Role.VOLUNTEER, "fr");
    long admin = f.volunteer("Admin", Role.ADMIN, "fr");
    f.inbox.claim(f.actor(a, "fr"), handoff);
    assertEquals(Outcome.Reason.NOT_OWNER, ((Outcome.Refused) f.inbox.release(f.actor(b, "fr"), handoff)).reason());
    assertEquals(Outcome.Reason.NOT_OWNER, ((Outcome.Refused) f.inbox.transfer(f.actor(b, "fr"), handoff, b)).reason());

    assertTrue(f.inbox.transfer(f.actor(a, "fr"), handoff, b).ok());
    assertEquals(b, f.inbox.find(handoff).orElseThrow().claimedBy());
    assertTrue(f.inbox.reply(f.actor(b, "fr"), handoff, "Je prends le relais.").ok());
    assertFalse(f.inbox.reply(f.actor(a, "fr"), handoff, "Moi aussi").ok());

    assertTrue(f.inbox.release(f.admin(admin), handoff).ok(), "an admin may release anyone's");
    assertNull(f.inbox.find(handoff).orElseThrow().claimedBy());
    assertEquals(Outcome.Reason.UNKNOWN_VOLUNTEER,
        ((Outcome.Refused) f.inbox.transfer(f.admin(admin), handoff, 999_999)).reason());
  }

  @Test
  void resolvingReturnsTheContactToTheBot() {
    String address = InboxFixture.newAddress();
    long handoff = f.waitingContact("simulator", address, "ar");
    long contact = f.contactId("simulator", address);
    long v = f.volunteer("Resolver", Role.VOLUNTEER, "fr");
    assertEquals(Outcome.Reason.INVALID,
        ((Outcome.Refused) f.inbox.resolve(f.actor(v, "fr"), handoff, "made-up")).reason());
    f.inbox.claim(f.actor(v, "fr"), handoff);
    assertTrue(f.inbox.resolve(f.actor(v, "fr"), handoff, "informed").ok());

    HandoffSummary closed = f.inbox.find(handoff).orElseThrow();
    assertNotNull(closed.closedAt());
    assertEquals("informed", closed.outcome());
    ConversationState state = f.jdbi().withExtension(ConversationDao.class, d -> d.find(contact)).orElseThrow().state();
    assertEquals(ConversationState.Status.ENDED, state.status());
    assertTrue(outbox(contact).getLast().payload().text().startsWith("انتهت المحادثة مع المتطوع"),
        "told in their language");

    HandleResult next = f.write("simulator", address, "شكرا");
    assertFalse(next.replies().isEmpty(), "the bot answers again");
    assertEquals(f.versions.current().catalog().exact("main.menu", "ar").orElseThrow(),
        next.replies().getFirst().text(), "the menu, in the contact's language");
    assertEquals(Outcome.Reason.CLOSED, ((Outcome.Refused) f.inbox.reply(f.actor(v, "fr"), handoff, "encore")).reason());

    List<AuditAction> actions = audit(contact).stream().map(AuditEntry::action).toList();
    assertTrue(actions.containsAll(List.of(AuditAction.CLAIM, AuditAction.RESOLVE)), actions.toString());
  }

  @Test
  void theContactLeavingWithMenuClosesTheHandoff() {
    String address = InboxFixture.newAddress();
    long handoff = f.waitingContact(address);
    f.write("simulator", address, "menu");
    assertNotNull(f.inbox.find(handoff).orElseThrow().closedAt());
    long v = f.volunteer("Late", Role.VOLUNTEER, "fr");
    assertEquals(new Outcome.Refused(Outcome.Reason.CLOSED), f.inbox.claim(f.actor(v, "fr"), handoff));
  }

  @Test
  void openingAConversationIsAuditedAndOnlyAnAdminSeesTheAddress() {
    String address = InboxFixture.newAddress();
    long handoff = f.waitingContact(address);
    long contact = f.contactId("simulator", address);
    long v = f.volunteer("Reader", Role.VOLUNTEER, "fr");
    long admin = f.volunteer("Boss", Role.ADMIN, "fr");
    assertTrue(f.inbox.open(f.actor(v, "fr"), handoff).isPresent());
    assertTrue(f.inbox.revealAddress(f.actor(v, "fr"), handoff).isEmpty());
    assertEquals(address, f.inbox.revealAddress(f.admin(admin), handoff).orElseThrow());
    List<AuditEntry> entries = audit(contact);
    assertTrue(entries.stream().anyMatch(e -> e.action() == AuditAction.OPEN_CONVERSATION && e.actorId() == v));
    assertTrue(entries.stream().anyMatch(e -> e.action() == AuditAction.VIEW_ADDRESS && e.actorId() == admin));
    assertFalse(entries.stream().anyMatch(e -> e.action() == AuditAction.VIEW_ADDRESS && e.actorId() == v));
  }

  @Test
  void notesAndHandOverReleaseEverythingWithANote() {
    long v = f.volunteer("Night shift", Role.VOLUNTEER, "fr");
    Actor actor = f.actor(v, "fr");
    long one = f.waitingContact(InboxFixture.newAddress());
    long two = f.waitingContact(InboxFixture.newAddress());
    f.inbox.claim(actor, one);
    f.inbox.claim(actor, two);
    assertTrue(f.inbox.note(actor, one, "A rappeler demain").ok());
    assertEquals(2, f.inbox.handOver(actor, Map.of(one, "Attend une adresse à Oujda")));
    assertTrue(f.inbox.mine(actor).isEmpty());
    assertNull(f.inbox.find(two).orElseThrow().claimedBy());
    List<Note> notes = f.inbox.refresh(one).orElseThrow().notes();
    assertEquals(List.of(Note.NOTE, Note.HANDOVER), notes.stream().map(Note::kind).toList());
    assertEquals("Attend une adresse à Oujda", notes.getLast().body());
    assertTrue(f.inbox.refresh(two).orElseThrow().notes().isEmpty(), "no note written: none stored");
  }

  @Test
  void outsideTheWhatsAppWindowAReplyIsHeldUntilTheContactWritesAgain() {
    OutsideTheWindow c = claimedThenSilentFor25Hours("Wa");
    assertEquals(WhatsAppWindow.State.CLOSED, f.inbox.refresh(c.handoff()).orElseThrow().window().state());
    int before = outbox(c.contact()).size();

    assertInstanceOf(Outcome.Held.class, f.inbox.reply(c.volunteer(), c.handoff(), "Voici l'adresse."));
    assertEquals(before, outbox(c.contact()).size(), "nothing is sent while the window is closed");
    assertEquals(HistoryItem.Kind.HELD, f.inbox.refresh(c.handoff()).orElseThrow().history().getLast().kind());

    HandleResult back = f.write("whatsapp", c.address(), "je suis là");
    assertEquals(List.of("Voici l'adresse."), back.replies().stream().map(OutboundMessage::text).toList());
    assertEquals("Voici l'adresse.", outbox(c.contact()).getLast().payload().text());
    ConversationView view = f.inbox.refresh(c.handoff()).orElseThrow();
    assertFalse(view.history().stream().anyMatch(i -> i.kind() == HistoryItem.Kind.HELD));
    assertEquals(HistoryItem.Kind.VOLUNTEER, view.history().getLast().kind());
    assertEquals(WhatsAppWindow.State.OPEN, view.window().state(), "the contact wrote: the window is open again");
  }

  @Test
  void aHeldReplyAsksTheContactOnceToWriteBackAndAgainWhenThatRequestFailed() {
    f.templateLanguages.add("fr");
    OutsideTheWindow c = claimedThenSilentFor25Hours("Template");
    int before = outbox(c.contact()).size();
    int wakeUps = f.outboxWakeUps.get();

    assertInstanceOf(Outcome.Held.class, f.inbox.reply(c.volunteer(), c.handoff(), "Voici l'adresse."));
    List<OutboxRow> queued = outbox(c.contact());
    assertEquals(before + 1, queued.size(), "the request to write back is queued, the reply is not");
    OutboundMessage request = queued.getLast().payload();
    assertEquals(OutboundMessage.Kind.REENGAGE, request.kind());
    assertEquals("fr", request.language());
    assertEquals(f.versions.current().catalog().text(SystemKeys.HANDOFF_REENGAGE, "fr").orElseThrow(), request.text());
    assertTrue(f.outboxWakeUps.get() > wakeUps, "the outbox is woken for the request");

    assertInstanceOf(Outcome.Held.class, f.inbox.reply(c.volunteer(), c.handoff(), "Et les horaires."));
    assertEquals(before + 1, outbox(c.contact()).size(), "one request covers every reply held for the contact");

    // The template was refused (not approved, number not on WhatsApp): the next reply asks again.
    f.jdbi().useHandle(h -> h.execute("UPDATE messages SET delivery_status = 'failed' WHERE id = ?",
        queued.getLast().messageId()));
    assertInstanceOf(Outcome.Held.class, f.inbox.reply(c.volunteer(), c.handoff(), "Troisième message."));
    assertEquals(before + 2, outbox(c.contact()).size());
    assertEquals(OutboundMessage.Kind.REENGAGE, outbox(c.contact()).getLast().payload().kind());

    HandleResult back = f.write("whatsapp", c.address(), "bonjour");
    assertEquals(List.of("Voici l'adresse.", "Et les horaires.", "Troisième message."),
        back.replies().stream().map(OutboundMessage::text).toList(), "the held replies go out in order");
  }

  @Test
  void withoutATemplateForTheLanguageNothingIsQueuedAndTheReplyStillWaits() {
    f.templateLanguages.add("ar");
    OutsideTheWindow c = claimedThenSilentFor25Hours("No template");
    int before = outbox(c.contact()).size();
    assertInstanceOf(Outcome.Held.class, f.inbox.reply(c.volunteer(), c.handoff(), "Voici l'adresse."));
    assertEquals(before, outbox(c.contact()).size());
    assertEquals(HistoryItem.Kind.HELD, f.inbox.refresh(c.handoff()).orElseThrow().history().getLast().kind());
  }

  @Test
  void aReferralIsTheOrganisationInTheContactsLanguage() {
    String address = InboxFixture.newAddress();
    long handoff = f.waitingContact("simulator", address, "ar");
    long contact = f.contactId("simulator", address);
    long v = f.volunteer("Referrer", Role.VOLUNTEER, "ar");
    f.inbox.claim(f.actor(v, "ar"), handoff);
    var org = f.inbox.directory(f.inbox.find(handoff).orElseThrow()).getFirst();
    assertTrue(f.inbox.shareReferral(f.actor(v, "ar"), handoff, org.id()).ok());
    String sent = outbox(contact).getLast().payload().text();
    assertTrue(sent.contains(org.name()), sent);
    assertTrue(sent.startsWith(org.name()), sent);
    assertTrue(sent.contains("الهاتف: "), "the contact lines in Arabic: " + sent);
    assertFalse(f.inbox.shareReferral(f.actor(v, "ar"), handoff, "no-such-organisation").ok());
  }
}
