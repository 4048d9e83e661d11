package org.dalil.web.auth;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Inbox accounts. The password hash is read by {@link #passwordHash} only. */
@RegisterRowMapper(VolunteerDao.VolunteerMapper.class)
public interface VolunteerDao {
  String COLUMNS = "id, email, display_name, role, languages, ui_language, active";

  /** The new account's id. */
  @SqlQuery("""
      INSERT INTO volunteers (email, display_name, password_hash, role, languages)
      VALUES (:email, :displayName, :passwordHash, :role, :languages)
      RETURNING id""")
  long insert(String email, String displayName, String passwordHash, String role, String[] languages);

  @SqlQuery("SELECT " + COLUMNS + " FROM volunteers WHERE id = :id")
  Optional<Volunteer> find(long id);

  @SqlQuery("SELECT " + COLUMNS + " FROM volunteers WHERE lower(email) = lower(:email)")
  Optional<Volunteer> findByEmail(String email);

  @SqlQuery("SELECT password_hash FROM volunteers WHERE id = :id")
  String passwordHash(long id);

  @SqlQuery("SELECT " + COLUMNS + " FROM volunteers ORDER BY active DESC, display_name, id")
  List<Volunteer> all();

  @SqlQuery("SELECT " + COLUMNS + " FROM volunteers WHERE active ORDER BY display_name, id")
  List<Volunteer> active();

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM volunteers WHERE role = 'admin' AND active)")
  boolean activeAdminExists();

  @SqlUpdate("UPDATE volunteers SET languages = :languages WHERE id = :id")
  void setLanguages(long id, String[] languages);

  @SqlUpdate("UPDATE volunteers SET ui_language = :uiLanguage WHERE id = :id")
  void setUiLanguage(long id, String uiLanguage);

  @SqlUpdate("UPDATE volunteers SET active = :active WHERE id = :id")
  boolean setActive(long id, boolean active);

  @SqlUpdate("UPDATE volunteers SET password_hash = :passwordHash WHERE id = :id")
  void setPasswordHash(long id, String passwordHash);

  final class VolunteerMapper implements RowMapper<Volunteer> {
    @Override
    public Volunteer map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Volunteer(
          rs.getLong("id"),
          rs.getString("email"),
          rs.getString("display_name"),
          Role.fromSql(rs.getString("role")),
          strings(rs.getArray("languages")),
          rs.getString("ui_language"),
          rs.getBoolean("active"));
    }

    static List<String> strings(Array array) throws SQLException {
      if (array == null) {
        return List.of();
      }
      return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
  }
}
