package org.dalil.channel.twilio;

import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Twilio channel's own queries. */
public interface TwilioDao extends SqlObject {

  /** Marks an inbound message as media or location ({@code V3__twilio.sql}); its body keeps only the caption. */
  @SqlUpdate("UPDATE messages SET input_kind = :kind WHERE id = :messageId AND direction = 'in'")
  void setInputKind(long messageId, String kind);
}
