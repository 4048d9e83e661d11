package org.dalil.store;

import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The stored sources of every published flow set, by version. */
public interface FlowVersionDao {

  /** Stores a version's sources; a version already stored is left as it is (same hash, same files). */
  default void insert(String version, Map<String, String> sources) {
    insertJson(version, Json.write(sources));
  }

  @SqlUpdate("""
      INSERT INTO flow_versions (version, sources) VALUES (:version, CAST(:sources AS jsonb))
      ON CONFLICT (version) DO NOTHING""")
  void insertJson(String version, String sources);

  default Optional<Map<String, String>> sources(String version) {
    return sourcesJson(version).map(Json::stringMap);
  }

  @SqlQuery("SELECT sources::text FROM flow_versions WHERE version = :version")
  Optional<String> sourcesJson(String version);
}
