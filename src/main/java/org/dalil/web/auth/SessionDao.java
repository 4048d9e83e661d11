package org.dalil.web.auth;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Signed-in browsers, found by the hash of their cookie's token. */
@RegisterConstructorMapper(SessionDao.StoredSession.class)
public interface SessionDao {

  record StoredSession(long volunteerId, String csrfToken) {}

  @SqlUpdate("""
      INSERT INTO volunteer_sessions (token_hash, volunteer_id, csrf_token, expires_at)
      VALUES (:tokenHash, :volunteerId, :csrfToken, now() + :ttlSeconds * interval '1 second')""")
  void insert(String tokenHash, long volunteerId, String csrfToken, long ttlSeconds);

  /**
   * The session if it has not expired, its expiry pushed back (sliding): a volunteer at work
   * stays signed in, a forgotten browser does not.
   */
  @SqlQuery("""
      UPDATE volunteer_sessions s SET last_seen_at = now(), expires_at = now() + :ttlSeconds * interval '1 second'
      FROM volunteers v
      WHERE s.token_hash = :tokenHash AND s.expires_at > now() AND v.id = s.volunteer_id AND v.active
      RETURNING s.volunteer_id, s.csrf_token""")
  Optional<StoredSession> touch(String tokenHash, long ttlSeconds);

  @SqlUpdate("DELETE FROM volunteer_sessions WHERE token_hash = :tokenHash")
  void delete(String tokenHash);

  @SqlUpdate("DELETE FROM volunteer_sessions WHERE volunteer_id = :volunteerId")
  int deleteAllOf(long volunteerId);

  @SqlUpdate("DELETE FROM volunteer_sessions WHERE expires_at <= now()")
  int deleteExpired();
}
