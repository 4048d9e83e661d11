package org.dalil.handoff;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditLog;
import org.dalil.channel.OutboundMessage;
import org.dalil.conversation.FlowVersions;
import org.dalil.directory.Organisation;
import org.dalil.flow.FlowSet;
import org.dalil.store.ContactDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What volunteers do in the inbox. Every ownership rule is checked in the database statement that
 * acts (claim, release, transfer, resolve, reply), so it holds across instances; every action is
 * written to the audit log in its own transaction, and signalled to the other browsers.
 */
public final class InboxService {
  private static final Logger log = LoggerFactory.getLogger(InboxService.class);
  /** The outcome tags a volunteer can resolve with. */
  public static final List<String> OUTCOMES =
      List.of("informed", "referred", "no_answer", "contact_left", "duplicate", "other");
  static final int MAX_TEXT = 4_000;
  private static final int HISTORY_LIMIT = 500;

  private final Jdbi jdbi;
  private final FlowVersions versions;
  private final Supplier<InboxSettings> settings;
  private final Clock clock;
  private final Runnable outboxHasWork;
  private final ReengageTemplate template;
  private final ContactTexts texts = new ContactTexts();

  public InboxService(Jdbi jdbi, FlowVersions versions, Supplier<InboxSettings> settings, Clock clock,
      Runnable outboxHasWork, ReengageTemplate template) {
    this.jdbi = jdbi;
    this.versions = versions;
    this.settings = settings;
    this.clock = clock;
    this.outboxHasWork = outboxHasWork;
    this.template = template;
  }

  public InboxSettings settings() {
    return settings.get();
  }

  // ---- reading ----

  /** The waiting conversations in the order this volunteer should take them. */
  public List<HandoffSummary> queue(Actor actor) {
    return jdbi.withExtension(InboxDao.class, dao -> dao.queue(actor.languages().toArray(String[]::new), 200));
  }

  public List<HandoffSummary> mine(Actor actor) {
    return jdbi.withExtension(InboxDao.class, dao -> dao.heldBy(actor.id()));
  }

  public List<HandoffSummary> heldByOthers(Actor actor) {
    return jdbi.withExtension(InboxDao.class, dao -> dao.heldByOthers(actor.id(), 200));
  }

  public int caseload(Actor actor) {
    return jdbi.withExtension(InboxDao.class, dao -> dao.caseload(actor.id()));
  }

  public Optional<HandoffSummary> find(long handoffId) {
    return jdbi.withExtension(InboxDao.class, dao -> dao.find(handoffId));
  }

  /** The conversation page's content; the opening is audited (who read what). */
  public Optional<ConversationView> open(Actor actor, long handoffId) {
    return jdbi.inTransaction(h -> {
      Optional<HandoffSummary> handoff = h.attach(InboxDao.class).find(handoffId);
      handoff.ifPresent(x -> h.attach(AuditLog.class)
          .record(actor.id(), AuditAction.OPEN_CONVERSATION, x.contactId(), x.id(), null));
      return handoff.map(x -> view(h, x));
    });
  }

  /** The same content without an audit entry: the live refresh of a page already opened. */
  public Optional<ConversationView> refresh(long handoffId) {
    return jdbi.withHandle(h -> h.attach(InboxDao.class).find(handoffId).map(x -> view(h, x)));
  }

  private ConversationView view(Handle h, HandoffSummary handoff) {
    InboxDao dao = h.attach(InboxDao.class);
    List<HistoryItem> history = new ArrayList<>(dao.latestMessages(handoff.contactId(), HISTORY_LIMIT));
    history.addAll(dao.heldReplies(handoff.contactId()));
    history.sort(Comparator.comparing(HistoryItem::at).thenComparing(i -> i.kind() == HistoryItem.Kind.HELD)
        .thenComparingLong(HistoryItem::id));
    WhatsAppWindow window = WhatsAppWindow.of(handoff.channel(), dao.lastInbound(handoff.contactId()).orElse(null),
        clock.instant());
    return new ConversationView(handoff, history, dao.notes(handoff.contactId()), window);
  }

  // ---- ownership ----

  public Outcome claim(Actor actor, long handoffId) {
    int cap = settings.get().caseloadCap();
    Outcome outcome = jdbi.inTransaction(h -> {
      InboxDao dao = h.attach(InboxDao.class);
      if (dao.lockVolunteer(actor.id()).isEmpty()) {
        return new Outcome.Refused(Outcome.Reason.UNKNOWN_VOLUNTEER);
      }
      Optional<Long> contact = dao.claim(handoffId, actor.id(), cap);
      if (contact.isEmpty()) {
        return whyNotClaimed(dao, actor, handoffId, cap);
      }
      h.attach(AuditLog.class).record(actor.id(), AuditAction.CLAIM, contact.get(), handoffId, null);
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.CLAIMED, handoffId, contact.get()));
      return new Outcome.Done(contact.get());
    });
    log.info("claim: handoff={} volunteer={} ok={}", handoffId, actor.id(), outcome.ok());
    return outcome;
  }

  private static Outcome whyNotClaimed(InboxDao dao, Actor actor, long handoffId, int cap) {
    Optional<HandoffSummary> now = dao.find(handoffId);
    if (now.isEmpty() || !now.get().open()) {
      return new Outcome.Refused(Outcome.Reason.CLOSED);
    }
    if (now.get().claimed()) {
      return now.get().ownedBy(actor.id()) ? new Outcome.Done(now.get().contactId())
          : new Outcome.Refused(Outcome.Reason.ALREADY_CLAIMED, now.get().claimedByName());
    }
    return dao.caseload(actor.id()) >= cap ? new Outcome.Refused(Outcome.Reason.CASELOAD_FULL)
        : new Outcome.Refused(Outcome.Reason.CLOSED);
  }

  public Outcome release(Actor actor, long handoffId) {
    return jdbi.inTransaction(h -> {
      Optional<Long> contact = h.attach(InboxDao.class).release(handoffId, actor.id(), actor.admin());
      if (contact.isEmpty()) {
        return refusedFor(h, actor, handoffId);
      }
      h.attach(AuditLog.class).record(actor.id(), AuditAction.RELEASE, contact.get(), handoffId, null);
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.RELEASED, handoffId, contact.get()));
      return new Outcome.Done(contact.get());
    });
  }

  public Outcome transfer(Actor actor, long handoffId, long toVolunteerId) {
    int cap = settings.get().caseloadCap();
    return jdbi.inTransaction(h -> {
      InboxDao dao = h.attach(InboxDao.class);
      if (dao.lockVolunteer(toVolunteerId).isEmpty()) {
        return new Outcome.Refused(Outcome.Reason.UNKNOWN_VOLUNTEER);
      }
      Optional<Long> contact = dao.transfer(handoffId, actor.id(), toVolunteerId, actor.admin(), cap);
      if (contact.isEmpty()) {
        Outcome refused = refusedFor(h, actor, handoffId);
        if (refused instanceof Outcome.Refused r && r.reason() == Outcome.Reason.INVALID) {
          return dao.caseload(toVolunteerId) >= cap ? new Outcome.Refused(Outcome.Reason.CASELOAD_FULL) : refused;
        }
        return refused;
      }
      h.attach(AuditLog.class).record(actor.id(), AuditAction.TRANSFER, contact.get(), handoffId,
          "to volunteer " + toVolunteerId);
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.TRANSFERRED, handoffId, contact.get()));
      return new Outcome.Done(contact.get());
    });
  }

  /** A volunteer who does not have the conversation asks its owner to pass it on. */
  public Outcome askTransfer(Actor actor, long handoffId, String message) {
    String body = message == null || message.isBlank() ? "" : clip(message.strip());
    return jdbi.inTransaction(h -> {
      Optional<HandoffSummary> handoff = h.attach(InboxDao.class).find(handoffId);
      if (handoff.isEmpty() || !handoff.get().open()) {
        return new Outcome.Refused(Outcome.Reason.CLOSED);
      }
      HandoffSummary x = handoff.get();
      h.attach(InboxDao.class).addNote(handoffId, x.contactId(), actor.id(), Note.TRANSFER_REQUEST, body);
      h.attach(AuditLog.class).record(actor.id(), AuditAction.ASK_TRANSFER, x.contactId(), handoffId, null);
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.NOTE, handoffId, x.contactId()));
      return new Outcome.Done(x.contactId());
    });
  }

  /**
   * Closes the handoff with an outcome tag and gives the contact back to the bot: the contact is
   * told, and their next message gets the menu.
   */
  public Outcome resolve(Actor actor, long handoffId, String outcomeTag) {
    if (!OUTCOMES.contains(outcomeTag)) {
      return new Outcome.Refused(Outcome.Reason.INVALID);
    }
    Outcome outcome = jdbi.inTransaction(h -> {
      Optional<HandoffSummary> before = h.attach(InboxDao.class).find(handoffId);
      if (before.isEmpty()) {
        return new Outcome.Refused(Outcome.Reason.CLOSED);
      }
      // The contact's row first, as the conversation service does: a message arriving now waits.
      h.attach(ContactDao.class).lock(before.get().contactId());
      InboxDao dao = h.attach(InboxDao.class);
      Optional<Long> contact = dao.resolve(handoffId, actor.id(), actor.admin(), outcomeTag);
      if (contact.isEmpty()) {
        return refusedFor(h, actor, handoffId);
      }
      dao.returnToBot(contact.get());
      HandoffSummary x = before.get();
      FlowSet set = versions.current();
      String language = x.language() != null ? x.language() : set.settings().defaultLanguage();
      Outgoing.write(h, x.contactId(), x.channel(), texts.resolved(set, language, Outgoing.isSms(x.channel())), null);
      h.attach(AuditLog.class).record(actor.id(), AuditAction.RESOLVE, contact.get(), handoffId, outcomeTag);
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.RESOLVED, handoffId, contact.get()));
      return new Outcome.Done(contact.get());
    });
    if (outcome.ok()) {
      outboxHasWork.run();
      log.info("resolved: handoff={} volunteer={} outcome={}", handoffId, actor.id(), outcomeTag);
    }
    return outcome;
  }

  /** Why an owner-only change was refused. */
  private static Outcome refusedFor(Handle h, Actor actor, long handoffId) {
    Optional<HandoffSummary> now = h.attach(InboxDao.class).find(handoffId);
    if (now.isEmpty() || !now.get().open()) {
      return new Outcome.Refused(Outcome.Reason.CLOSED);
    }
    if (!now.get().ownedBy(actor.id()) && !actor.admin()) {
      return new Outcome.Refused(Outcome.Reason.NOT_OWNER, now.get().claimedByName());
    }
    return new Outcome.Refused(Outcome.Reason.INVALID);
  }

  // ---- writing to the contact ----

  /**
   * Sends the owner's reply under the service's name, through the outbox and the contact's channel.
   * Outside the WhatsApp window the reply is held, the contact is asked to write back, and it goes
   * out when they do.
   */
  public Outcome reply(Actor actor, long handoffId, String text) {
    if (text == null || text.isBlank()) {
      return new Outcome.Refused(Outcome.Reason.INVALID);
    }
    String body = clip(text.strip());
    boolean[] held = {false};
    boolean[] asked = {false};
    Outcome outcome = jdbi.inTransaction(h -> {
      InboxDao dao = h.attach(InboxDao.class);
      Optional<HandoffSummary> handoff = dao.find(handoffId);
      if (handoff.isEmpty()) {
        return new Outcome.Refused(Outcome.Reason.CLOSED);
      }
      HandoffSummary x = handoff.get();
      h.attach(ContactDao.class).lock(x.contactId());
      if (dao.lockOwned(handoffId, actor.id()).isEmpty()) {
        return refusedFor(h, actor, handoffId) instanceof Outcome.Refused r && r.reason() == Outcome.Reason.CLOSED
            ? r : new Outcome.Refused(Outcome.Reason.NOT_OWNER, x.claimedByName());
      }
      String language = x.language() != null ? x.language() : versions.current().settings().defaultLanguage();
      WhatsAppWindow window = WhatsAppWindow.of(x.channel(), dao.lastInbound(x.contactId()).orElse(null), clock.instant());
      if (!window.allowsFreeText()) {
        long heldId = dao.hold(handoffId, x.contactId(), actor.id(), body, language);
        if (!dao.templateRequested(x.contactId())) {
          if (template.available(x.channel(), language)) {
            // Queued with the hold, so that a crash cannot keep one without the other.
            long requestId = Outgoing.write(h, x.contactId(), x.channel(), texts.reengage(versions.current(), language), null);
            dao.templateRequestedFor(heldId, requestId);
            asked[0] = true;
          } else {
            log.warn("handoff={}: a reply is held outside the WhatsApp window and no template is configured"
                + " for language {} to ask the contact to write back", handoffId, language);
          }
        }
        h.attach(AuditLog.class).record(actor.id(), AuditAction.REPLY, x.contactId(), handoffId, "held: window closed");
        InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.REPLY, handoffId, x.contactId()));
        held[0] = true;
        return new Outcome.Held(x.contactId());
      }
      OutboundMessage reply = ContactTexts.volunteerReply(body, language);
      long messageId = Outgoing.write(h, x.contactId(), x.channel(), reply, null);
      dao.recordReply(messageId, handoffId, actor.id());
      dao.answered(handoffId);
      h.attach(AuditLog.class).record(actor.id(), AuditAction.REPLY, x.contactId(), handoffId, "message " + messageId);
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.REPLY, handoffId, x.contactId()));
      return new Outcome.Done(x.contactId());
    });
    if (outcome instanceof Outcome.Done || asked[0]) {
      outboxHasWork.run();
    }
    log.info("reply: handoff={} volunteer={} ok={} held={} asked to write back={}", handoffId, actor.id(),
        outcome.ok(), held[0], asked[0]);
    return outcome;
  }

  /** The organisations a volunteer can share: the directory of the current flows, the handoff's city and topic first. */
  public List<Organisation> directory(HandoffSummary handoff) {
    FlowSet set = versions.current();
    if (set.directory() == null) {
      return List.of();
    }
    List<Organisation> all = set.directory().organisations().stream().filter(Organisation::active).toList();
    List<Organisation> out = new ArrayList<>(set.directory().find(null, handoff.city()));
    all.stream().filter(o -> !out.contains(o)).forEach(out::add);
    String topic = handoff.topic();
    out.sort(Comparator.comparing((Organisation o) -> !o.topics().contains(topic)));
    return out;
  }

  /** Sends one organisation of the directory to the contact, in their language, as the owner's reply. */
  public Outcome shareReferral(Actor actor, long handoffId, String organisationId) {
    FlowSet set = versions.current();
    Optional<HandoffSummary> handoff = find(handoffId);
    if (handoff.isEmpty() || set.directory() == null || set.directory().byId(organisationId).isEmpty()) {
      return new Outcome.Refused(Outcome.Reason.INVALID);
    }
    HandoffSummary x = handoff.get();
    Organisation o = set.directory().byId(organisationId).get();
    String language = x.language() != null ? x.language() : set.settings().defaultLanguage();
    String text = texts.organisation(set, o, language, Outgoing.isSms(x.channel()));
    Outcome outcome = reply(actor, handoffId, text);
    if (outcome.ok()) {
      jdbi.useExtension(AuditLog.class, a -> a.record(actor.id(), AuditAction.SHARE_REFERRAL, x.contactId(), handoffId,
          "organisation " + o.id()));
    }
    return outcome;
  }

  // ---- notes, hand-over ----

  public Outcome note(Actor actor, long handoffId, String text) {
    if (text == null || text.isBlank()) {
      return new Outcome.Refused(Outcome.Reason.INVALID);
    }
    return jdbi.inTransaction(h -> {
      Optional<HandoffSummary> handoff = h.attach(InboxDao.class).find(handoffId);
      if (handoff.isEmpty()) {
        return new Outcome.Refused(Outcome.Reason.CLOSED);
      }
      long contact = handoff.get().contactId();
      h.attach(InboxDao.class).addNote(handoffId, contact, actor.id(), Note.NOTE, clip(text.strip()));
      h.attach(AuditLog.class).record(actor.id(), AuditAction.NOTE, contact, handoffId, null);
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.NOTE, handoffId, contact));
      return new Outcome.Done(contact);
    });
  }

  /**
   * The end of a shift: a note on each conversation the volunteer has (when one is written) and
   * every one of them back to the queue, in one transaction. Returns how many were released.
   */
  public int handOver(Actor actor, Map<Long, String> notes) {
    int released = jdbi.inTransaction(h -> {
      InboxDao dao = h.attach(InboxDao.class);
      int count = 0;
      for (HandoffSummary x : dao.heldBy(actor.id())) {
        String note = notes.get(x.id());
        if (note != null && !note.isBlank()) {
          dao.addNote(x.id(), x.contactId(), actor.id(), Note.HANDOVER, clip(note.strip()));
        }
        if (dao.release(x.id(), actor.id(), false).isPresent()) {
          count++;
          InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.RELEASED, x.id(), x.contactId()));
          h.attach(AuditLog.class).record(actor.id(), AuditAction.HANDOVER, x.contactId(), x.id(), null);
        }
      }
      return count;
    });
    log.info("hand-over: volunteer={} released={}", actor.id(), released);
    return released;
  }

  // ---- admins ----

  /** The contact's full address, for an admin only; the view is audited. Empty for a volunteer. */
  public Optional<String> revealAddress(Actor actor, long handoffId) {
    if (!actor.admin()) {
      return Optional.empty();
    }
    return jdbi.inTransaction(h -> {
      Optional<HandoffSummary> handoff = h.attach(InboxDao.class).find(handoffId);
      if (handoff.isEmpty()) {
        return Optional.empty();
      }
      long contact = handoff.get().contactId();
      h.attach(AuditLog.class).record(actor.id(), AuditAction.VIEW_ADDRESS, contact, handoffId, null);
      return h.attach(ContactDao.class).address(contact);
    });
  }

  public static Set<String> outcomes() {
    return Set.copyOf(OUTCOMES);
  }

  private static String clip(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
  }
}
