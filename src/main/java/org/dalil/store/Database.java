package org.dalil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.dalil.privacy.AddressKeys;
import org.dalil.privacy.SecretKeyFile;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dalil's PostgreSQL: a connection pool on a server or on an embedded PostgreSQL started here,
 * migrated to the current schema on open.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final int POOL_SIZE = 10;

  private final EmbeddedPostgresServer embedded;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final String url;
  private final String user;
  private final String password;
  private final AddressKeys addressKeys;
  /** Pools of their own for parts that must not wait behind the others ({@link #separatePool}). */
  private final List<HikariDataSource> separatePools = new CopyOnWriteArrayList<>();

  private Database(EmbeddedPostgresServer embedded, HikariDataSource dataSource, String url, String user, String password,
      AddressKeys addressKeys) {
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.addressKeys = addressKeys;
    this.jdbi = jdbi(dataSource, addressKeys);
    this.url = url;
    this.user = user;
    this.password = password;
  }

  private static Jdbi jdbi(DataSource dataSource, AddressKeys addressKeys) {
    Jdbi jdbi = Jdbi.create(dataSource)
        .installPlugin(new SqlObjectPlugin())
        .installPlugin(new PostgresPlugin());
    jdbi.getConfig(AddressKeysConfig.class).use(addressKeys);
    return jdbi;
  }

  /**
   * A pool of {@code size} connections of its own on the same database, closed with this one: the
   * outbox sends replies through it, so that a burst of webhooks holding every connection of the
   * main pool does not hold up the replies.
   */
  public Jdbi separatePool(String name, int size) {
    HikariDataSource pool = pool(url, user, password, name, size);
    separatePools.add(pool);
    return jdbi(pool, addressKeys);
  }

  /**
   * Connects (starting the embedded server when {@code settings} has no URL) and applies the
   * migrations under {@code classpath:db/migration}.
   *
   * @throws DatabaseException with a one-line reason when the database cannot be used
   */
  public static Database open(DatabaseSettings settings) {
    EmbeddedPostgresServer embedded = null;
    HikariDataSource dataSource = null;
    try {
      String url;
      String user;
      String password;
      if (settings.isEmbedded()) {
        embedded = EmbeddedPostgresServer.start(settings.embeddedDataDir());
        url = embedded.jdbcUrl();
        user = EmbeddedPostgresServer.SUPERUSER;
        password = null;
      } else {
        url = settings.url();
        user = settings.user();
        password = settings.password();
      }
      dataSource = pool(url, user, password, "dalil", POOL_SIZE);
      AddressKeys keys = addressKeys(settings);
      migrate(dataSource, keys);
      return new Database(embedded, dataSource, url, user, password, keys);
    } catch (RuntimeException e) {
      if (dataSource != null) {
        dataSource.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e instanceof DatabaseException ? e : new DatabaseException("cannot open the database: " + rootMessage(e), e);
    }
  }

  private static HikariDataSource pool(String url, String user, String password, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    // A webhook waiting longer than this for a connection had better fail and be retried.
    config.setConnectionTimeout(5_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new DatabaseException("cannot connect to the database: " + rootMessage(e), e);
    }
  }

  /**
   * The keys of the settings; for the embedded database without keys, the key generated once into
   * its data directory's parent (and that key is still read when keys are given later).
   */
  private static AddressKeys addressKeys(DatabaseSettings settings) {
    if (!settings.isEmbedded()) {
      if (settings.addressKeys() == null) {
        throw new DatabaseException("DALIL_SECRET_KEY is not set: a server database needs it to protect the contacts' addresses");
      }
      return settings.addressKeys();
    }
    Path dataDir = settings.embeddedDataDir().toAbsolutePath().getParent();
    Path file = SecretKeyFile.in(dataDir);
    if (settings.addressKeys() == null) {
      return AddressKeys.of(SecretKeyFile.loadOrCreate(file));
    }
    // An installation that started without DALIL_SECRET_KEY and now has one: rows written under the
    // generated key stay readable until the key rotation job re-encrypts them.
    return SecretKeyFile.read(file).map(settings.addressKeys()::withPrevious).orElse(settings.addressKeys());
  }

  private static void migrate(DataSource dataSource, AddressKeys keys) {
    try {
      Flyway flyway = Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .javaMigrations(new AddressProtectionMigration(keys))
          .load();
      int applied = flyway.migrate().migrationsExecuted;
      var current = flyway.info().current();
      log.info("database schema at version {} ({} migrations applied now)",
          current == null ? "none" : current.getVersion(), applied);
    } catch (FlywayException e) {
      throw new DatabaseException("cannot migrate the database: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The keys that protect the contacts' addresses in this database. */
  public AddressKeys addressKeys() {
    return addressKeys;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Whether this database is the embedded PostgreSQL started by {@link #open}. */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /** {@code SELECT 1} within a few seconds; for {@code /health/ready}. */
  public boolean isReachable() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.setQueryTimeout(2);
      return s.execute("SELECT 1");
    } catch (SQLException | RuntimeException e) {
      log.warn("database not reachable: {}", e.getMessage());
      return false;
    }
  }

  /** Closes the pool, then stops the embedded server if there is one. Idempotent. */
  @Override
  public void close() {
    separatePools.forEach(HikariDataSource::close);
    if (!dataSource.isClosed()) {
      dataSource.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
