package org.dalil.channel.twilio;

import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Twilio channel's own queries. */
public interface TwilioDao extends SqlObject {

  /**
   * When the contact with one of these address hashes on {@code :channel} last wrote to us; no row
   * if never. WhatsApp allows free-form replies for 24 hours after it. Addresses are stored hashed
   * (issue 6): one hash per configured key, the current key's first.
   */
  String LAST_INBOUND_AT = """
      SELECT m.created_at FROM contacts c JOIN messages m ON m.contact_id = c.id AND m.direction = 'in'
      WHERE c.channel = :channel AND c.address_hash = ANY(:hashes)
      ORDER BY m.id DESC LIMIT 1""";

  /** Marks an inbound message as media or location ({@code V3__twilio.sql}); its body keeps only the caption. */
  @SqlUpdate("UPDATE messages SET input_kind = :kind WHERE id = :messageId AND direction = 'in'")
  void setInputKind(long messageId, String kind);
}
