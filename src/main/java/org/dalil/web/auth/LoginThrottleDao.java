package org.dalil.web.auth;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Stored {@link LoginThrottle.State}s; {@code scope} is {@code account} or {@code ip}. */
@RegisterConstructorMapper(LoginThrottle.State.class)
public interface LoginThrottleDao {

  /** Locks the subject's row until commit, so that concurrent failures all count. */
  @SqlQuery("""
      SELECT failures, window_started_at, locked_until FROM login_throttle
      WHERE scope = :scope AND subject = :subject FOR UPDATE""")
  Optional<LoginThrottle.State> lock(String scope, String subject);

  @SqlQuery("""
      SELECT failures, window_started_at, locked_until FROM login_throttle
      WHERE scope = :scope AND subject = :subject""")
  Optional<LoginThrottle.State> find(String scope, String subject);

  @SqlUpdate("""
      INSERT INTO login_throttle (scope, subject, failures, window_started_at, locked_until)
      VALUES (:scope, :subject, :failures, :windowStartedAt, :lockedUntil)
      ON CONFLICT (scope, subject) DO UPDATE SET failures = EXCLUDED.failures,
        window_started_at = EXCLUDED.window_started_at, locked_until = EXCLUDED.locked_until""")
  void save(String scope, String subject, int failures, Instant windowStartedAt, Instant lockedUntil);

  @SqlUpdate("DELETE FROM login_throttle WHERE scope = :scope AND subject = :subject")
  void clear(String scope, String subject);
}
