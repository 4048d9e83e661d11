package org.dalil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGStatement;

/**
 * A statement of a DAO's SQL ({@code :name} parameters) run with plain JDBC, for the few that run
 * for every message: Jdbi's fluent API copies its configuration and looks up argument factories
 * and mappers on every statement, which cost more than the statement (issue 9). The driver caches
 * the prepared statement per connection, by its text.
 */
final class NamedSql {
  /** {@code :name}, not the second colon of a {@code ::type} cast. */
  private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z_][A-Za-z0-9_]*)");

  private final String jdbcSql;
  private final List<String> names;
  private final boolean plannedEachRun;

  NamedSql(String sql) {
    this(sql, false);
  }

  /**
   * A statement over a batch of rows (parallel arrays), planned anew at each run for its number of
   * rows and the tables' sizes of the moment. A prepared statement's generic plan is made once per
   * connection and kept until the tables are next analyzed: made while {@code contacts} held 290
   * rows, the lock of a batch went on reading every contact (409 buffers for 9 rows with 8,179
   * contacts, issue 9), and it would read 100,000 the same way. Planning each run costs a fraction
   * of a millisecond for the whole batch.
   */
  static NamedSql plannedEachRun(String sql) {
    return new NamedSql(sql, true);
  }

  private NamedSql(String sql, boolean plannedEachRun) {
    this.plannedEachRun = plannedEachRun;
    List<String> found = new ArrayList<>();
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      found.add(m.group(1));
      m.appendReplacement(out, "?");
    }
    m.appendTail(out);
    this.jdbcSql = out.toString();
    this.names = List.copyOf(found);
  }

  String jdbcSql() {
    return jdbcSql;
  }

  List<String> names() {
    return names;
  }

  /** A reader of the rows of one execution. */
  @FunctionalInterface
  interface Rows<T> {
    T read(ResultSet rs) throws SQLException;
  }

  <T> T query(Connection c, Map<String, ?> values, Rows<T> rows) throws SQLException {
    return queryAll(c, values, executed -> {
      try (ResultSet rs = executed.getResultSet()) {
        return rows.read(rs);
      }
    });
  }

  /** A reader of the results of a text of several statements, once executed. */
  @FunctionalInterface
  interface Results<T> {
    T read(PreparedStatement executed) throws SQLException;
  }

  /**
   * Runs a text of several statements ({@code ;} between them) as one prepared statement: the
   * driver sends them together and waits once, and the server still runs each as a statement of
   * its own, with its own snapshot under READ COMMITTED. Parameters are named across the whole text.
   */
  <T> T queryAll(Connection c, Map<String, ?> values, Results<T> results) throws SQLException {
    try (PreparedStatement ps = prepare(c)) {
      bind(c, ps, values);
      ps.execute();
      return results.read(ps);
    }
  }

  /**
   * {@link #queryAll} for a text of two statements whose rows are read in turn, each by its own
   * reader (into the caller's state).
   */
  void queryBoth(Connection c, Map<String, ?> values, Rows<?> first, Rows<?> second) throws SQLException {
    queryAll(c, values, executed -> {
      try (ResultSet rs = executed.getResultSet()) {
        first.read(rs);
      }
      if (!executed.getMoreResults()) {
        throw new SQLException("the second statement returned no result");
      }
      try (ResultSet rs = executed.getResultSet()) {
        second.read(rs);
      }
      return null;
    });
  }

  /**
   * One value of each row, as an array to bind: the multi-row statements take their rows as
   * parallel arrays, bound as {@code text[]} and cast by the statement ({@code CAST(:ids AS
   * bigint[])}; timestamps in ISO-8601, which PostgreSQL reads as {@code timestamptz}).
   */
  static <T> String[] column(List<T> rows, Function<T, ?> value) {
    String[] out = new String[rows.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = value.apply(rows.get(i));
      out[i] = v == null ? null : v.toString();
    }
    return out;
  }

  int update(Connection c, Map<String, ?> values) throws SQLException {
    try (PreparedStatement ps = prepare(c)) {
      bind(c, ps, values);
      return ps.executeUpdate();
    }
  }

  private PreparedStatement prepare(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement(jdbcSql);
    if (plannedEachRun) {
      planEachRun(ps);
    }
    return ps;
  }

  /**
   * Never a named server-side statement, so never a generic plan: the server plans the unnamed
   * one with the values bound, at every run.
   */
  private static void planEachRun(PreparedStatement ps) throws SQLException {
    ps.unwrap(PGStatement.class).setPrepareThreshold(0);
  }

  private void bind(Connection c, PreparedStatement ps, Map<String, ?> values) throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("no value for :" + name);
      }
      Object v = values.get(name);
      int at = i + 1;
      switch (v) {
        case null -> ps.setNull(at, Types.NULL);
        case String s -> ps.setString(at, s);
        case Long l -> ps.setLong(at, l);
        case Integer n -> ps.setInt(at, n);
        case Boolean b -> ps.setBoolean(at, b);
        case Instant t -> ps.setObject(at, t.atOffset(ZoneOffset.UTC));
        case String[] a -> ps.setArray(at, c.createArrayOf("text", a));
        default -> throw new IllegalArgumentException("cannot bind " + v.getClass().getSimpleName() + " to :" + name);
      }
    }
  }
}
