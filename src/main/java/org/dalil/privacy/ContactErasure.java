package org.dalil.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditLog;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases everything Dalil keeps about one contact, in the caller's transaction: messages (with
 * their outbox rows, delivery receipts, volunteers' replies and held replies), handoffs (with
 * their notes), the conversation, the send pace, the contact's links in the audit log, and the
 * contact. What goes is first added to the anonymous tombstone counts. The audit entry it writes
 * says how much was erased, never whose.
 */
public final class ContactErasure {
  private static final Logger log = LoggerFactory.getLogger(ContactErasure.class);
  private static final long NO_MESSAGE = -1;

  /** How much was erased. */
  public record Erased(int messages, int handoffs, int notes) {
    String describe() {
      return messages + " messages, " + handoffs + " handoffs, " + notes + " notes";
    }
  }

  private ContactErasure() {}

  /**
   * The contact confirmed the erasure keyword: everything goes but the message that confirmed (kept
   * empty, so that a provider's retry of it is recognised) and the contact's protected address,
   * needed to send the confirmation. Both go with the confirmation once it is sent ({@link
   * #finishErased}). The contact's row must be locked (the conversation service holds it).
   */
  public static Erased atContactRequest(Handle h, long contactId, long keepMessageId, Instant at) {
    PersonalDataDao data = h.attach(PersonalDataDao.class);
    Erased erased = eraseData(data, contactId, keepMessageId);
    data.blank(keepMessageId);
    data.markErased(contactId, at);
    h.attach(AuditLog.class).record(null, AuditAction.ERASE_CONTACT, null, null,
        "at the contact's request (keyword): " + erased.describe());
    log.info("contact={} erased at their request: messages={} handoffs={} notes={}", contactId, erased.messages(),
        erased.handoffs(), erased.notes());
    return erased;
  }

  /**
   * An admin erases a contact on their request (made by phone, say): everything, the contact's row
   * included, with an audit entry naming the admin (null: the command line). Empty when the contact
   * does not exist.
   */
  public static Optional<Erased> byAdmin(Handle h, Long actorId, long contactId) {
    Optional<Erased> erased = completely(h, contactId);
    String by = actorId == null ? "the command line" : "admin=" + actorId;
    erased.ifPresent(e -> {
      h.attach(AuditLog.class).record(actorId, AuditAction.ERASE_CONTACT, null, null,
          (actorId == null ? "from the command line" : "by an admin") + ", at the contact's request: " + e.describe());
      log.info("contact={} erased by {}: messages={} handoffs={} notes={}", contactId, by, e.messages(),
          e.handoffs(), e.notes());
    });
    return erased;
  }

  /** Everything about the contact, its row included (locked first); empty when it does not exist. */
  static Optional<Erased> completely(Handle h, long contactId) {
    PersonalDataDao data = h.attach(PersonalDataDao.class);
    if (!data.lockContact(contactId)) {
      return Optional.empty();
    }
    Erased erased = eraseData(data, contactId, NO_MESSAGE);
    data.countContacts(new long[] {contactId});
    data.deleteConversation(contactId);
    data.deleteContactRow(contactId);
    return Optional.of(erased);
  }

  /**
   * The last step of an erasure at the contact's request, once the confirmation left (or could not):
   * the row and the messages kept for it go. Run by the retention job.
   */
  static void finishErased(Handle h, long contactId) {
    completely(h, contactId);
  }

  private static Erased eraseData(PersonalDataDao data, long contactId, long keepMessageId) {
    // Messages first: their tombstones take the topic from the handoffs.
    int messages = data.deleteMessages(ids(data.messagesOf(contactId, keepMessageId)));
    long[] handoffs = ids(data.handoffsOf(contactId));
    int notes = data.notesOf(contactId).size();
    int handoffCount = data.deleteHandoffs(handoffs);
    data.deleteNotes(ids(data.notesOf(contactId)));
    data.deleteHeldRepliesOfContact(contactId);
    data.deletePace(contactId);
    data.forgetContactInAudit(contactId);
    if (keepMessageId == NO_MESSAGE) {
      data.deleteOutboxOfContact(contactId);
    }
    return new Erased(messages, handoffCount, notes);
  }

  static long[] ids(List<Long> ids) {
    return ids.stream().mapToLong(Long::longValue).toArray();
  }
}
