package org.dalil.channel.twilio;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Twilio channel's own queries. */
public interface TwilioDao {

  /**
   * When the contact at {@code address} on {@code channel} last wrote to us, or empty if never:
   * WhatsApp allows free-form replies for 24 hours after it.
   */
  @SqlQuery("""
      SELECT m.created_at FROM contacts c JOIN messages m ON m.contact_id = c.id
      WHERE c.channel = :channel AND c.address = :address AND m.direction = 'in'
      ORDER BY m.id DESC LIMIT 1""")
  Optional<OffsetDateTime> lastInboundAt(String channel, String address);

  /** Marks an inbound message as media or location ({@code V3__twilio.sql}); its body keeps only the caption. */
  @SqlUpdate("UPDATE messages SET input_kind = :kind WHERE id = :messageId AND direction = 'in'")
  void setInputKind(long messageId, String kind);
}
