package org.dalil.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Contacts. The only place that reads or writes the clear address: when it is stored hashed and
 * encrypted, this interface changes and nothing else.
 */
@RegisterConstructorMapper(Contact.class)
public interface ContactDao {

  /** The contact's id, creating the contact on first contact. Locks the row until commit. */
  default long upsert(String channel, String address) {
    return upsert(channel, address, AddressMask.mask(address));
  }

  @SqlQuery("""
      INSERT INTO contacts (channel, address, address_masked)
      VALUES (:channel, :address, :addressMasked)
      ON CONFLICT (channel, address) DO UPDATE SET address_masked = EXCLUDED.address_masked
      RETURNING id""")
  long upsert(String channel, String address, String addressMasked);

  /** Serialises the work on one contact: a second transaction waits here until the first commits. */
  @SqlQuery("""
      SELECT id, channel, address_masked, language, opted_out_at, created_at
      FROM contacts WHERE id = :id FOR UPDATE""")
  Contact lock(long id);

  @SqlQuery("""
      SELECT id, channel, address_masked, language, opted_out_at, created_at
      FROM contacts WHERE id = :id""")
  Optional<Contact> find(long id);

  @SqlQuery("SELECT id FROM contacts WHERE channel = :channel AND address = :address")
  Optional<Long> findId(String channel, String address);

  /** The clear address, for a channel sender only. */
  @SqlQuery("SELECT address FROM contacts WHERE id = :id")
  Optional<String> address(long id);

  /** The clear addresses of several contacts, by id, for the outbox's senders only. */
  @SqlQuery("SELECT id, address FROM contacts WHERE id = ANY(:ids)")
  @KeyColumn("id")
  @ValueColumn("address")
  Map<Long, String> addresses(long[] ids);

  @SqlUpdate("UPDATE contacts SET language = :language WHERE id = :id")
  void setLanguage(long id, String language);

  @SqlUpdate("UPDATE contacts SET opted_out_at = :at WHERE id = :id")
  void optOut(long id, Instant at);

  /** Whether the contact had opted out (and no longer has). */
  @SqlUpdate("UPDATE contacts SET opted_out_at = NULL WHERE id = :id AND opted_out_at IS NOT NULL")
  boolean clearOptOut(long id);
}
