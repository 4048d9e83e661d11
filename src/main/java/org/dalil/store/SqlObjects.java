package org.dalil.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;

/**
 * Reads SQL-object interfaces once per {@link Jdbi}. A handle's configuration is a copy of its
 * Jdbi's, taken when the handle opens, and Jdbi caches what it learns of a DAO interface (its
 * methods, annotations, statements) in the configuration that attached it: without this, every
 * transaction reads every DAO it attaches again by reflection (most of the CPU per message in the
 * benchmark of issue 9). Read once here, every later handle inherits it.
 */
public final class SqlObjects {
  private SqlObjects() {}

  /** Caches the interfaces' metadata in {@code jdbi}'s own configuration; call before handles use them. */
  public static void warm(Jdbi jdbi, Class<?>... daos) {
    Extensions extensions = jdbi.getConfig(Extensions.class);
    ExtensionFactory factory = extensions.findFactory(SqlObjectFactory.class)
        .orElseThrow(() -> new IllegalStateException("the SQL object plugin is not installed"));
    for (Class<?> dao : daos) {
      extensions.findMetadata(dao, factory);
    }
  }
}
