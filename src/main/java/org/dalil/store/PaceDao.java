package org.dalil.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Rate limits shared by every instance ({@code send_pace}, {@code contact_pace}): a sender's
 * "theoretical arrival time" (GCRA). Use within one transaction: {@link #lock}, claim, {@link #advance}.
 */
public interface PaceDao {

  @SqlUpdate("INSERT INTO send_pace (sender, tat) VALUES (:sender, now()) ON CONFLICT (sender) DO NOTHING")
  void ensure(String sender);

  /**
   * Locks the sender's pace until commit and returns how far its tat is ahead of now, in
   * microseconds (0 when it is not ahead: the sender has been quiet long enough for a full burst);
   * empty when the sender has no pace yet ({@link #ensure}).
   */
  @SqlQuery("""
      SELECT greatest(0, floor(extract(epoch FROM (tat - now())) * 1000000))::bigint
      FROM send_pace WHERE sender = :sender FOR UPDATE""")
  Optional<Long> lock(String sender);

  /** {@code messages} were claimed: the tat moves on by that many intervals. */
  @SqlUpdate("""
      UPDATE send_pace SET tat = greatest(tat, now()) + :micros * interval '1 microsecond'
      WHERE sender = :sender""")
  void advance(String sender, long micros);

  /** Contacts whose pace is long past are as good as absent; keeps the table small. */
  @SqlUpdate("DELETE FROM contact_pace WHERE tat < now() - :olderThanMinutes * interval '1 minute'")
  int purgeContacts(long olderThanMinutes);
}
