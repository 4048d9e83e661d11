package org.dalil.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL spent a phase on, statement by statement, when the local server has {@code
 * pg_stat_statements} loaded and created in its {@code postgres} database (README, "Profiling"):
 * reset before the phase, the costliest statements of the benchmark's database after it. Without
 * the extension a run records nothing and says so once; the benchmark never loads it itself, as
 * that takes a restart of the server.
 */
final class StatementStats {
  static final StatementStats NONE = new StatementStats(null, null);

  private static final String TOP = """
      SELECT s.calls, s.total_exec_time, s.rows,
             s.shared_blks_hit + s.shared_blks_read + s.shared_blks_dirtied AS buffers,
             left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query
      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = ?
      ORDER BY s.total_exec_time DESC LIMIT ?""";

  private final String adminUrl;
  private final String database;

  private StatementStats(String adminUrl, String database) {
    this.adminUrl = adminUrl;
    this.database = database;
  }

  /** For the benchmark's database {@code jdbcUrl} on the server reached by {@code adminUrl}, if the extension is there. */
  static StatementStats of(String adminUrl, String jdbcUrl) {
    try (Connection c = DriverManager.getConnection(adminUrl);
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
      rs.next();
      if (rs.getLong(1) == 0) {
        System.out.println("== pg_stat_statements is not in the postgres database: no statements per phase");
        return NONE;
      }
    } catch (SQLException e) {
      System.out.println("== pg_stat_statements unreadable (" + e.getSQLState() + "): no statements per phase");
      return NONE;
    }
    return new StatementStats(adminUrl, jdbcUrl.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1"));
  }

  void reset() {
    if (database == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl)) {
      c.createStatement().execute("SELECT pg_stat_statements_reset()");
    } catch (SQLException e) {
      System.out.println("== pg_stat_statements_reset failed (" + e.getSQLState() + ")");
    }
  }

  /** The {@code n} statements of the database that took the most time since {@link #reset}; empty without the extension. */
  List<Map<String, Object>> top(int n) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (database == null) {
      return out;
    }
    try (Connection c = DriverManager.getConnection(adminUrl); PreparedStatement ps = c.prepareStatement(TOP)) {
      ps.setString(1, database);
      ps.setInt(2, n);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long calls = rs.getLong("calls");
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("calls", calls);
          s.put("total_ms", Math.round(rs.getDouble("total_exec_time")));
          s.put("ms_per_call", Math.round(1000 * rs.getDouble("total_exec_time") / Math.max(1, calls)) / 1000.0);
          s.put("rows", rs.getLong("rows"));
          s.put("buffers_per_call", Math.round(10.0 * rs.getLong("buffers") / Math.max(1, calls)) / 10.0);
          s.put("query", rs.getString("query"));
          out.add(s);
        }
      }
    } catch (SQLException e) {
      System.out.println("== pg_stat_statements unreadable (" + e.getSQLState() + ")");
    }
    return out;
  }
}
