package org.dalil.channel.twilio;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.dalil.store.ContactDao;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Twilio channel's own queries. */
public interface TwilioDao extends SqlObject {

  /**
   * When the contact at {@code address} on {@code channel} last wrote to us, or empty if never:
   * WhatsApp allows free-form replies for 24 hours after it.
   */
  default Optional<OffsetDateTime> lastInboundAt(String channel, String address) {
    // Addresses are stored hashed (issue 6): ContactDao finds the contact.
    return getHandle().attach(ContactDao.class).findId(channel, address).flatMap(this::lastInboundAt);
  }

  @SqlQuery("""
      SELECT created_at FROM messages WHERE contact_id = :contactId AND direction = 'in'
      ORDER BY id DESC LIMIT 1""")
  Optional<OffsetDateTime> lastInboundAt(long contactId);

  /** Marks an inbound message as media or location ({@code V3__twilio.sql}); its body keeps only the caption. */
  @SqlUpdate("UPDATE messages SET input_kind = :kind WHERE id = :messageId AND direction = 'in'")
  void setInputKind(long messageId, String kind);
}
