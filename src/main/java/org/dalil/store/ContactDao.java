package org.dalil.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dalil.channel.Recipient;
import org.dalil.privacy.AddressKeys;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.LoggerFactory;

/**
 * Contacts. The only place that reads or writes an address: the database holds a keyed hash to
 * find the contact ({@code address_hash}) and the address encrypted for replies ({@code
 * address_secret}), both under the key named by {@code address_key} (see {@link AddressKeys}); the
 * keys come from the handle's {@link AddressKeysConfig}. A database dump alone reveals no address.
 */
@RegisterConstructorMapper(Contact.class)
@RegisterConstructorMapper(ContactDao.ProtectedAddress.class)
public interface ContactDao extends SqlObject {

  /** A row's protected address, as stored. */
  record ProtectedAddress(long id, String channel, String addressHash, String addressSecret, String addressKey) {}

  private AddressKeys keys() {
    return getHandle().getConfig(AddressKeysConfig.class).keys();
  }

  /** The contact's id, creating the contact on first contact. Locks the row until commit. */
  default long upsert(String channel, String address) {
    return upsert(channel, address, AddressMask.mask(address));
  }

  /** Like {@link #upsert(String, String)} with the masked form given. */
  default long upsert(String channel, String address, String addressMasked) {
    AddressKeys keys = keys();
    // One HMAC per configured key, the current key's first; the address is encrypted once.
    List<String> hashes = keys.lookupHashes(channel, address);
    String hash = hashes.get(0);
    String secret = keys.encrypt(channel, hash, address);
    if (hashes.size() > 1) {
      // Written under an older key and not re-encrypted yet: move it to the current key now, so that
      // the insert below finds it instead of creating a second contact.
      Optional<ProtectedAddress> older = findProtected(channel, hashes.subList(1, hashes.size()).toArray(String[]::new));
      if (older.isPresent()) {
        reprotect(older.get().id(), hash, secret, keys.currentId());
      }
    }
    return insert(channel, hash, secret, keys.currentId(), addressMasked);
  }

  /** What a message's transaction needs of its contact: see {@link InboundStore.LockedContact}. */
  String LOCKED_COLUMNS = """
      id, opted_out_at IS NOT NULL AS opted_out, notice_shown_at IS NOT NULL AS notice_shown,
      consented_at IS NOT NULL AS agreed, erasure_asked_at IS NOT NULL AS erasure_asked""";

  /**
   * An insert of a contact that exists (created meanwhile by another message, whose commit the
   * insert waited for) locks it instead; one erased at their request is restored.
   */
  String KNOWN_OR_RESTORED = """
      ON CONFLICT (channel, address_hash) DO UPDATE
        SET address_masked = EXCLUDED.address_masked, erased_at = NULL
      """;

  /**
   * A contact erased at their request who writes again is a new contact on the same row. The
   * first column returned is the id.
   */
  String INSERT = """
      INSERT INTO contacts (channel, address_hash, address_secret, address_key, address_masked)
      VALUES (:channel, :hash, :secret, :keyId, :addressMasked)
      """ + KNOWN_OR_RESTORED + "RETURNING " + LOCKED_COLUMNS;

  /** A known contact, locked until commit, as {@link #INSERT} would find it; no row for a new one. */
  String LOCK_KNOWN = """
      UPDATE contacts SET address_masked = :addressMasked, erased_at = NULL
      WHERE channel = :channel AND address_hash = :hash
      RETURNING\s""" + LOCKED_COLUMNS;

  @SqlQuery(INSERT)
  long insert(String channel, String hash, String secret, String keyId, String addressMasked);

  @SqlQuery("""
      SELECT id, channel, address_hash, address_secret, address_key FROM contacts
      WHERE channel = :channel AND address_hash = ANY(:hashes)
      LIMIT 1""")
  Optional<ProtectedAddress> findProtected(String channel, String[] hashes);

  /** Rewrites a row's hash and ciphertext under the current key (key rotation). */
  @SqlUpdate("""
      UPDATE contacts SET address_hash = :hash, address_secret = :secret, address_key = :keyId
      WHERE id = :id""")
  void reprotect(long id, String hash, String secret, String keyId);

  /** Serialises the work on one contact: a second transaction waits here until the first commits. */
  @SqlQuery("""
      SELECT id, channel, address_masked, language, opted_out_at, created_at
      FROM contacts WHERE id = :id FOR UPDATE""")
  Contact lock(long id);

  @SqlQuery("""
      SELECT id, channel, address_masked, language, opted_out_at, created_at
      FROM contacts WHERE id = :id""")
  Optional<Contact> find(long id);

  /** The contact with this address on this channel, found by its keyed hash under any known key. */
  default Optional<Long> findId(String channel, String address) {
    return findProtected(channel, keys().lookupHashes(channel, address).toArray(String[]::new))
        .map(ProtectedAddress::id);
  }

  /** The clear address, for a channel sender (and an admin's audited view) only. */
  default Optional<String> address(long id) {
    return protectedAddress(id).flatMap(this::decrypt);
  }

  /**
   * Several contacts, by id, as the outbox hands them to its senders: the clear address and when
   * each last wrote, in one query. A contact whose address cannot be read (see {@code decrypt}) is
   * left out: its replies fail on their own, and the others of the claim leave.
   */
  default Map<Long, Recipient> recipients(long[] ids) {
    Map<Long, Recipient> out = new HashMap<>();
    for (ProtectedRecipient row : protectedRecipients(ids)) {
      decrypt(row.address()).ifPresent(a -> out.put(row.address().id(), new Recipient(a, row.lastInboundAt())));
    }
    return out;
  }

  record ProtectedRecipient(long id, String channel, String addressHash, String addressSecret, String addressKey,
      Instant lastInboundAt) {
    ProtectedAddress address() {
      return new ProtectedAddress(id, channel, addressHash, addressSecret, addressKey);
    }
  }

  /**
   * The last inbound time comes from {@code messages_contact_inbound_idx} (V12), one probe per
   * contact. The probe is ordered by that index's whole key, which only the contact's own entries
   * give; ordered by {@code id} alone, {@code messages_pkey} could serve it too, walking back from
   * the newest message of anyone. In issue 9's benchmark this read cost 248–287 buffers in two runs
   * of five before the change and 80–100 in the others (the plan of those runs was not captured).
   * The outbox reads it in its claim's transaction, where no sort, sequential or bitmap scan is left
   * to choose ({@link OutboxDao#steerClaimPlan}).
   */
  String RECIPIENTS = """
      SELECT c.id, c.channel, c.address_hash, c.address_secret, c.address_key,
             (SELECT m.created_at FROM messages m WHERE m.contact_id = c.id AND m.direction = 'in'
              ORDER BY m.contact_id DESC, m.id DESC LIMIT 1) AS last_inbound_at
      FROM contacts c WHERE c.id = ANY(:ids)""";

  @SqlQuery(RECIPIENTS)
  @RegisterConstructorMapper(ProtectedRecipient.class)
  List<ProtectedRecipient> protectedRecipients(long[] ids);

  /**
   * The clear address, or empty (with a warning naming the contact) when it cannot be read: its key
   * is not configured, or its stored secret does not decrypt (a bad restore, a manual edit). Empty,
   * not an exception: one unreadable contact must not fail a whole claim of the outbox, nor an
   * admin's page.
   */
  private Optional<String> decrypt(ProtectedAddress row) {
    Optional<String> clear;
    try {
      clear = keys().decrypt(row.addressKey(), row.channel(), row.addressHash(), row.addressSecret());
    } catch (IllegalStateException e) {
      LoggerFactory.getLogger(ContactDao.class).warn("contact={}: {}", row.id(), e.getMessage());
      return Optional.empty();
    }
    if (clear.isEmpty()) {
      LoggerFactory.getLogger(ContactDao.class).warn(
          "contact={}: its address is under key {}, which is neither DALIL_SECRET_KEY nor in DALIL_PREVIOUS_SECRET_KEYS",
          row.id(), row.addressKey());
    }
    return clear;
  }

  @SqlQuery("SELECT id, channel, address_hash, address_secret, address_key FROM contacts WHERE id = :id")
  Optional<ProtectedAddress> protectedAddress(long id);

  /** Up to {@code limit} rows not under key {@code currentKeyId}, locked (skipping rows in use). */
  @SqlQuery("""
      SELECT id, channel, address_hash, address_secret, address_key FROM contacts
      WHERE address_key <> :currentKeyId ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
  List<ProtectedAddress> underOtherKeys(String currentKeyId, int limit);

  /**
   * Re-encrypts up to {@code limit} rows written under an older key with the current one; returns
   * how many. Rows whose key is not configured are left (counted by {@link #underOtherKeysCount}).
   */
  default int reprotectBatch(int limit) {
    AddressKeys keys = keys();
    int done = 0;
    for (ProtectedAddress row : underOtherKeys(keys.currentId(), limit)) {
      if (!keys.knows(row.addressKey())) {
        continue;
      }
      String address = keys.decrypt(row.addressKey(), row.channel(), row.addressHash(), row.addressSecret()).orElseThrow();
      String hash = keys.lookupHash(row.channel(), address);
      reprotect(row.id(), hash, keys.encrypt(row.channel(), hash, address), keys.currentId());
      done++;
    }
    return done;
  }

  /** How many rows are under each key other than {@code currentKeyId}. */
  @SqlQuery("SELECT address_key, count(*) FROM contacts WHERE address_key <> :currentKeyId GROUP BY address_key")
  @KeyColumn("address_key")
  @ValueColumn("count")
  Map<String, Long> underOtherKeysCount(String currentKeyId);

  String SET_LANGUAGE = "UPDATE contacts SET language = :language WHERE id = :id";

  @SqlUpdate(SET_LANGUAGE)
  void setLanguage(long id, String language);

  @SqlUpdate("UPDATE contacts SET opted_out_at = :at WHERE id = :id")
  void optOut(long id, Instant at);

  /** Whether the contact had opted out (and no longer has). */
  @SqlUpdate("UPDATE contacts SET opted_out_at = NULL WHERE id = :id AND opted_out_at IS NOT NULL")
  boolean clearOptOut(long id);
}
