package org.dalil.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins, sessions and lock-out. Sessions live in PostgreSQL, so every instance knows them; the
 * cookie holds a random token of which only the hash is stored.
 */
public final class AuthService {
  private static final Logger log = LoggerFactory.getLogger(AuthService.class);
  public static final Duration SESSION_IDLE = Duration.ofHours(8);
  static final String ACCOUNT = "account";
  static final String ADDRESS = "ip";

  /** A signed-in browser: who, and the token its forms must carry. */
  public record Session(Volunteer volunteer, String csrfToken, String tokenHash) {}

  private final Jdbi jdbi;
  private final PasswordHasher hasher;
  private final Clock clock;

  public AuthService(Jdbi jdbi, PasswordHasher hasher, Clock clock) {
    this.jdbi = jdbi;
    this.hasher = hasher;
    this.clock = clock;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  /**
   * Checks the password unless the account or the address is locked; counts a failure against
   * both; opens a session on success.
   */
  public LoginResult login(String email, String password, String clientAddress) {
    String account = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    String address = clientAddress == null ? "unknown" : clientAddress;
    Instant now = clock.instant();
    Optional<Instant> locked = lockedUntil(account, address, now);
    if (locked.isPresent()) {
      log.info("login refused: locked (account or address)");
      return new LoginResult.Locked(locked.get());
    }
    // The slow hash runs outside any transaction: no connection waits on it.
    Optional<Volunteer> found = account.isEmpty() ? Optional.empty()
        : jdbi.withExtension(VolunteerDao.class, dao -> dao.findByEmail(account));
    boolean ok;
    if (found.isPresent() && found.get().active() && password != null) {
      String hash = jdbi.withExtension(VolunteerDao.class, dao -> dao.passwordHash(found.get().id()));
      ok = hasher.verify(hash, password);
    } else {
      hasher.verifyDecoy(password == null ? "" : password);
      ok = false;
    }
    if (!ok) {
      Optional<Instant> lockedNow = jdbi.inTransaction(h -> {
        Instant a = fail(h, ACCOUNT, account, LoginThrottle.ACCOUNT, now);
        Instant b = fail(h, ADDRESS, address, LoginThrottle.ADDRESS, now);
        h.attach(AuditLog.class).record(found.map(Volunteer::id).orElse(null), AuditAction.LOGIN_FAILED, null, null,
            found.isPresent() ? null : "unknown account");
        return Optional.ofNullable(a != null ? a : b);
      });
      log.info("login failed{}", lockedNow.isPresent() ? "; now locked" : "");
      return lockedNow.<LoginResult>map(LoginResult.Locked::new).orElseGet(LoginResult.Refused::new);
    }
    Volunteer volunteer = found.get();
    String token = Tokens.random();
    jdbi.useTransaction(h -> {
      h.attach(LoginThrottleDao.class).clear(ACCOUNT, account);
      h.attach(SessionDao.class).insert(Tokens.sha256(token), volunteer.id(), Tokens.random(), SESSION_IDLE.toSeconds());
      h.attach(AuditLog.class).record(volunteer.id(), AuditAction.LOGIN, null, null, null);
    });
    log.info("login: volunteer={}", volunteer.id());
    return new LoginResult.SignedIn(volunteer, token);
  }

  private Optional<Instant> lockedUntil(String account, String address, Instant now) {
    return jdbi.withHandle(h -> {
      LoginThrottleDao dao = h.attach(LoginThrottleDao.class);
      LoginThrottle.State a = dao.find(ACCOUNT, account).orElse(LoginThrottle.State.NONE);
      LoginThrottle.State b = dao.find(ADDRESS, address).orElse(LoginThrottle.State.NONE);
      if (LoginThrottle.ACCOUNT.isLocked(a, now)) {
        return Optional.of(a.lockedUntil());
      }
      if (LoginThrottle.ADDRESS.isLocked(b, now)) {
        return Optional.of(b.lockedUntil());
      }
      return Optional.empty();
    });
  }

  /** Counts a failure; the lock's end when it locked the subject now. */
  private static Instant fail(Handle h, String scope, String subject, LoginThrottle policy, Instant now) {
    LoginThrottleDao dao = h.attach(LoginThrottleDao.class);
    LoginThrottle.State before = dao.lock(scope, subject).orElse(LoginThrottle.State.NONE);
    LoginThrottle.State after = policy.afterFailure(before, now);
    dao.save(scope, subject, after.failures(), after.windowStartedAt(), after.lockedUntil());
    return policy.isLocked(after, now) && !policy.isLocked(before, now) ? after.lockedUntil() : null;
  }

  /** The session of a cookie's token, if it is valid and its account active. */
  public Optional<Session> session(String token) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return Optional.empty();
    }
    String hash = Tokens.sha256(token);
    return jdbi.inTransaction(h -> h.attach(SessionDao.class).touch(hash, SESSION_IDLE.toSeconds())
        .flatMap(s -> h.attach(VolunteerDao.class).find(s.volunteerId())
            .map(v -> new Session(v, s.csrfToken(), hash))));
  }

  public void logout(Session session) {
    jdbi.useTransaction(h -> {
      h.attach(SessionDao.class).delete(session.tokenHash());
      h.attach(AuditLog.class).record(session.volunteer().id(), AuditAction.LOGOUT, null, null, null);
    });
  }

  /**
   * Creates an account (by an admin, or the first admin).
   *
   * @throws IllegalArgumentException when the e-mail is taken or the password too short
   */
  public long createAccount(Long byAdmin, String email, String displayName, String password, Role role,
      java.util.List<String> languages) {
    if (password == null || password.length() < PasswordHasher.MIN_LENGTH) {
      throw new IllegalArgumentException("password too short");
    }
    String normalised = email.strip();
    String hash = hasher.hash(password);
    return jdbi.inTransaction(h -> {
      VolunteerDao dao = h.attach(VolunteerDao.class);
      if (dao.findByEmail(normalised).isPresent()) {
        throw new IllegalArgumentException("e-mail taken");
      }
      long id = dao.insert(normalised, displayName.strip(), hash, role.sql(), languages.toArray(String[]::new));
      h.attach(AuditLog.class).record(byAdmin, byAdmin == null ? AuditAction.FIRST_ADMIN : AuditAction.MANAGE_USER,
          null, null, "created account " + id + " (" + role.sql() + ")");
      return id;
    });
  }
}
