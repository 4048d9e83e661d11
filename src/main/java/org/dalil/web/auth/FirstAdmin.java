package org.dalil.web.auth;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.dalil.config.ConfigException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the inbox has an admin: at the first start, one is created from
 * {@code DALIL_ADMIN_EMAIL} / {@code DALIL_ADMIN_PASSWORD}, or with a generated password printed
 * once on standard output (never in the log). Several instances starting at once create one.
 */
public final class FirstAdmin {
  private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
  public static final String EMAIL = "DALIL_ADMIN_EMAIL";
  public static final String PASSWORD = "DALIL_ADMIN_PASSWORD";
  public static final String DEFAULT_EMAIL = "admin@dalil.local";
  /** Any fixed number: instances starting together take this lock in turn. */
  private static final long LOCK = 0x64616c696c61646dL;

  private FirstAdmin() {}

  /** Checks the variables at start-up, before anything else opens. */
  public static void check(Map<String, String> env) {
    String password = env.get(PASSWORD);
    if (password != null && !password.isBlank() && password.length() < PasswordHasher.MIN_LENGTH) {
      throw new ConfigException(PASSWORD, "must be at least " + PasswordHasher.MIN_LENGTH + " characters");
    }
    String email = env.get(EMAIL);
    if (email != null && !email.isBlank() && !email.contains("@")) {
      throw new ConfigException(EMAIL, "is not an e-mail address");
    }
  }

  /** Creates the first admin if there is no active admin; whether one was created. */
  public static boolean ensure(Jdbi jdbi, PasswordHasher hasher, Map<String, String> env, PrintStream out) {
    check(env);
    String email = blankToNull(env.get(EMAIL));
    String given = blankToNull(env.get(PASSWORD));
    String password = given != null ? given : Tokens.password(16);
    String address = email != null ? email.strip() : DEFAULT_EMAIL;
    // Hashed before the lock: the slow part does not hold other instances.
    String hash = hasher.hash(password);
    boolean created = jdbi.inTransaction(h -> {
      h.select("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?)) l", LOCK).mapTo(Integer.class).one();
      VolunteerDao dao = h.attach(VolunteerDao.class);
      if (dao.activeAdminExists()) {
        return false;
      }
      if (dao.findByEmail(address).isPresent()) {
        // An account with that e-mail exists but is not an active admin: do not take it over.
        log.warn("no active admin, and {} is taken by another account: set {} to another address", EMAIL, EMAIL);
        return false;
      }
      long id = dao.insert(address, "Admin", hash, Role.ADMIN.sql(), List.of("fr", "ar", "en").toArray(String[]::new));
      h.attach(org.dalil.audit.AuditLog.class).record(null, org.dalil.audit.AuditAction.FIRST_ADMIN, null, null,
          "created account " + id);
      return true;
    });
    if (created) {
      log.info("first admin account created ({})", given != null ? "password from " + PASSWORD : "password printed on stdout");
      if (given == null) {
        out.println("Dalil: first admin account created. E-mail: " + address + "  Password: " + password);
        out.println("Dalil: this password is shown only once. Sign in at /login and keep it safe.");
        out.flush();
      }
    }
    return created;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
