package org.dalil.store;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizer;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizerFactory;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizingAnnotation;

/**
 * A DAO statement over a batch of rows, planned anew at each run for its rows and the tables'
 * sizes of the moment, as {@link NamedSql#plannedEachRun} does for plain JDBC: a generic plan kept
 * from when the outbox was small marked a batch of 5 rows sent by reading every row that had ever
 * been {@code sending} (6,764 buffers, issue 9).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SqlStatementCustomizingAnnotation(PlannedEachRun.Factory.class)
public @interface PlannedEachRun {

  final class Factory implements SqlStatementCustomizerFactory {
    private static final StatementCustomizer UNNAMED = new StatementCustomizer() {
      @Override
      public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
        NamedSql.planEachRun(statement);
      }
    };

    @Override
    public SqlStatementCustomizer createForMethod(Annotation annotation, Class<?> sqlObjectType, Method method) {
      return statement -> statement.addCustomizer(UNNAMED);
    }
  }
}
