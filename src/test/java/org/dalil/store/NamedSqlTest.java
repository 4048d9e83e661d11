package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedSqlTest {

  @Test
  void namedParametersBecomePositionalAndCastsStay() {
    NamedSql sql = new NamedSql("""
        INSERT INTO t (a, b) VALUES (:contactId, CAST(:payload AS jsonb))
        RETURNING payload::text, now() + :delay * interval '1 microsecond', :contactId""");
    assertEquals("""
        INSERT INTO t (a, b) VALUES (?, CAST(? AS jsonb))
        RETURNING payload::text, now() + ? * interval '1 microsecond', ?""", sql.jdbcSql());
    assertEquals(List.of("contactId", "payload", "delay", "contactId"), sql.names());
  }

  @Test
  void everyDaoStatementOfTheMessagePathParses() {
    for (String statement : List.of(ContactDao.LOCK_KNOWN, ContactDao.INSERT, MessageDao.INSERT_INBOUND,
        ConversationDao.FIND, ConversationDao.UPSERT, OutboxDao.INSERT_REPLY)) {
      NamedSql sql = new NamedSql(statement);
      assertEquals(sql.names().size(), sql.jdbcSql().chars().filter(c -> c == '?').count(), statement);
      assertEquals(-1, sql.jdbcSql().indexOf(" :"), statement);
    }
  }
}
