package org.dalil.web.auth;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

/**
 * Argon2id password hashes. The parameters are stored in each hash, so raising them later only
 * affects new hashes.
 */
public final class PasswordHasher {
  /** OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane (~50 ms here). */
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  public static final int MIN_LENGTH = 10;

  private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
  /** Verified when the account does not exist, so that a wrong e-mail takes as long as a wrong password. */
  private final String decoy;

  public PasswordHasher() {
    this.decoy = hash("decoy password, never valid");
  }

  public String hash(String password) {
    char[] chars = password.toCharArray();
    try {
      return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
    } finally {
      argon2.wipeArray(chars);
    }
  }

  public boolean verify(String hash, String password) {
    char[] chars = password.toCharArray();
    try {
      return argon2.verify(hash, chars);
    } finally {
      argon2.wipeArray(chars);
    }
  }

  /** Spends the time of one verification, for an unknown account. */
  public void verifyDecoy(String password) {
    verify(decoy, password);
  }
}
