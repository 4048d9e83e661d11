package org.dalil.privacy;

import java.util.Map;
import org.dalil.store.ContactDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a key rotation, re-encrypts the addresses written under an older key (one of {@code
 * DALIL_PREVIOUS_SECRET_KEYS}) with the current one, in batches; safe on several instances (rows
 * in use are skipped and taken at the next run). Once it reports nothing left, the old key can be
 * removed from the configuration.
 */
public final class AddressKeyRotation {
  private static final Logger log = LoggerFactory.getLogger(AddressKeyRotation.class);
  private static final int BATCH = 500;

  private final Jdbi jdbi;

  public AddressKeyRotation(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Re-encrypts what it can; returns how many rows it moved to the current key. */
  public int run() {
    int total = 0;
    while (true) {
      int done = jdbi.inTransaction(h -> h.attach(ContactDao.class).reprotectBatch(BATCH));
      total += done;
      if (done < BATCH) {
        break;
      }
    }
    Map<String, Long> left = remaining();
    if (total > 0 || !left.isEmpty()) {
      log.info("address keys: {} contacts re-encrypted with the current key; still under older keys: {}", total,
          left.isEmpty() ? "none (the old keys can be removed from DALIL_PREVIOUS_SECRET_KEYS)" : left);
    }
    return total;
  }

  /** Contacts per older key id still to re-encrypt (those under a key not configured stay unreadable). */
  public Map<String, Long> remaining() {
    return jdbi.withHandle(h -> {
      ContactDao dao = h.attach(ContactDao.class);
      return dao.underOtherKeysCount(h.getConfig(org.dalil.store.AddressKeysConfig.class).keys().currentId());
    });
  }
}
