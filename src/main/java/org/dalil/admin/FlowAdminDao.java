package org.dalil.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The draft and the publications (V9__flow_admin.sql). */
@RegisterRowMapper(FlowAdminDao.PublicationMapper.class)
@RegisterRowMapper(FlowAdminDao.DraftMapper.class)
public interface FlowAdminDao {

  @SqlQuery("SELECT sources::text AS sources, revision, based_on, updated_at FROM flow_draft WHERE id = 1")
  Optional<Draft> draft();

  /** Locks the draft row for a read-check-write in one transaction. */
  @SqlQuery("SELECT revision FROM flow_draft WHERE id = 1 FOR UPDATE")
  Optional<Integer> lockRevision();

  @SqlUpdate("""
      INSERT INTO flow_draft (id, sources, revision, based_on, updated_by)
      VALUES (1, CAST(:sources AS jsonb), :revision, :basedOn, :by)
      ON CONFLICT (id) DO UPDATE SET sources = EXCLUDED.sources, revision = EXCLUDED.revision,
        based_on = EXCLUDED.based_on, updated_by = EXCLUDED.updated_by, updated_at = now()""")
  void writeDraft(String sources, int revision, String basedOn, Long by);

  @SqlUpdate("INSERT INTO flow_publications (version, source, published_by) VALUES (:version, :source, :by)")
  @GetGeneratedKeys("id")
  long insertPublication(String version, String source, Long by);

  @SqlQuery("""
      SELECT p.id, p.version, p.source, p.published_by, v.email, p.published_at
      FROM flow_publications p LEFT JOIN volunteers v ON v.id = p.published_by
      ORDER BY p.id DESC LIMIT 1""")
  Optional<Publication> latest();

  @SqlQuery("""
      SELECT p.id, p.version, p.source, p.published_by, v.email, p.published_at
      FROM flow_publications p LEFT JOIN volunteers v ON v.id = p.published_by
      WHERE p.id = :id""")
  Optional<Publication> publication(long id);

  @SqlQuery("""
      SELECT p.id, p.version, p.source, p.published_by, v.email, p.published_at
      FROM flow_publications p LEFT JOIN volunteers v ON v.id = p.published_by
      ORDER BY p.id DESC LIMIT :limit""")
  List<Publication> history(int limit);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM flow_publications WHERE source = 'admin')")
  boolean adminPublished();

  /** The publication before {@code id} (for a diff against the previous one). */
  @SqlQuery("SELECT version FROM flow_publications WHERE id < :id ORDER BY id DESC LIMIT 1")
  Optional<String> versionBefore(long id);

  @SqlUpdate("""
      INSERT INTO translation_sources (key, language, fr_hash) VALUES (:key, :language, :frHash)
      ON CONFLICT (key, language) DO UPDATE SET fr_hash = EXCLUDED.fr_hash, saved_at = now()""")
  void saveTranslationSource(String key, String language, String frHash);

  @SqlQuery("SELECT key, language, fr_hash FROM translation_sources")
  @org.jdbi.v3.sqlobject.config.RegisterRowMapper(TranslationSourceMapper.class)
  List<TranslationSource> translationSources();

  /** The hash of the French text a translation was saved from. */
  record TranslationSource(String key, String language, String frHash) {}

  final class TranslationSourceMapper implements RowMapper<TranslationSource> {
    @Override
    public TranslationSource map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TranslationSource(rs.getString("key"), rs.getString("language"), rs.getString("fr_hash"));
    }
  }

  final class PublicationMapper implements RowMapper<Publication> {
    @Override
    public Publication map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Publication(rs.getLong("id"), rs.getString("version"), rs.getString("source"),
          (Long) rs.getObject("published_by"), rs.getString("email"),
          rs.getObject("published_at", OffsetDateTime.class).toInstant());
    }
  }

  final class DraftMapper implements RowMapper<Draft> {
    @Override
    public Draft map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Draft(SourcesJson.read(rs.getString("sources")), rs.getInt("revision"), rs.getString("based_on"),
          rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
  }
}
