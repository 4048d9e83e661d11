package org.dalil.privacy;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditLog;
import org.dalil.store.ContactDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's requests about their data, made to an admin (by phone, in person): find them by the
 * number they write from, export what Dalil keeps about them, erase it. Each action is audited
 * with the admin's id and no personal data.
 */
public final class DataRequests {
  private static final Logger log = LoggerFactory.getLogger(DataRequests.class);

  private final Jdbi jdbi;
  private final Clock clock;

  public DataRequests(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * The contact writing from {@code typed} on {@code channel}, the address written as people do:
   * spaces, dashes and dots ignored, 00 for +, a Moroccan 06/07 number, WhatsApp's prefix optional.
   */
  public Optional<Long> findContact(String channel, String typed) {
    if (channel == null || typed == null || typed.isBlank()) {
      return Optional.empty();
    }
    return jdbi.withExtension(ContactDao.class, dao -> {
      for (String address : candidates(channel, typed)) {
        Optional<Long> id = dao.findId(channel, address);
        if (id.isPresent()) {
          return id;
        }
      }
      return Optional.empty();
    });
  }

  /** The forms an address may be stored under; the one typed first. */
  static Set<String> candidates(String channel, String typed) {
    Set<String> out = new LinkedHashSet<>();
    String raw = typed.strip();
    out.add(raw);
    if (!channel.equals("sms") && !channel.equals("whatsapp")) {
      return out;
    }
    String number = raw.toLowerCase(Locale.ROOT).replaceFirst("^whatsapp:", "").replaceAll("[\\s().-]", "");
    if (number.startsWith("00")) {
      number = "+" + number.substring(2);
    } else if (number.matches("0[5-7][0-9]{8}")) {
      number = "+212" + number.substring(1);
    }
    out.add(number);
    if (channel.equals("whatsapp")) {
      out.add("whatsapp:" + number);
    }
    return out;
  }

  /** The contact of a handoff (for the actions on a conversation's page). */
  public Optional<Long> contactOfHandoff(long handoffId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT contact_id FROM handoffs WHERE id = :id")
        .bind("id", handoffId).mapTo(Long.class).findOne());
  }

  /**
   * The contact's data as JSON (see {@link ContactExport}); audited. Empty when the contact is gone.
   *
   * @param actorId the admin, or null from the command line
   */
  public Optional<String> export(Long actorId, long contactId) {
    return jdbi.inTransaction(h -> {
      Optional<String> json = ContactExport.json(h, contactId, clock.instant());
      if (json.isPresent()) {
        // The contact's id only: the entry says who exported, and when, nothing of what.
        h.attach(AuditLog.class).record(actorId, AuditAction.EXPORT_CONTACT, contactId, null, null);
        log.info("contact={} exported by {}", contactId, actorId == null ? "the command line" : "admin=" + actorId);
      }
      return json;
    });
  }

  /**
   * Erases everything about the contact (see {@link ContactErasure#byAdmin}); empty when already gone.
   *
   * @param actorId the admin, or null from the command line
   */
  public Optional<ContactErasure.Erased> erase(Long actorId, long contactId) {
    return jdbi.inTransaction(h -> ContactErasure.byAdmin(h, actorId, contactId));
  }
}
