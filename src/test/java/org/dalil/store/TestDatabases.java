package org.dalil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.dalil.privacy.AddressKeys;

/**
 * Real PostgreSQL for tests, one fresh database per test class so that classes never see each
 * other's rows. The server is the one named by {@code DALIL_TEST_DATABASE_URL} (user
 * {@code DALIL_TEST_DATABASE_USER}, default postgres; password {@code DALIL_TEST_DATABASE_PASSWORD})
 * when set, otherwise one embedded PostgreSQL started lazily and shared by the whole JVM.
 *
 * <pre>{@code
 * private static TestDatabase db;
 * @BeforeAll static void open() { db = TestDatabases.create(); }
 * @AfterAll static void drop() { db.close(); }
 * }</pre>
 * or {@link TestDatabaseExtension}.
 */
public final class TestDatabases {
  public static final String URL_VARIABLE = "DALIL_TEST_DATABASE_URL";
  /** The DALIL_SECRET_KEY of every test database (and of the servers tests start on one). */
  public static final String SECRET_KEY = "dalil-test-secret-key-not-for-production-0001";
  public static final AddressKeys ADDRESS_KEYS = AddressKeys.of(SECRET_KEY);

  private static Server server;

  private TestDatabases() {}

  /** A new, migrated database; {@link TestDatabase#close()} drops it. */
  public static TestDatabase create() {
    Server s = server();
    String name = "dalil_t_" + HexFormat.of().formatHex(randomBytes());
    s.execute("CREATE DATABASE " + name);
    String url = withDatabase(s.adminUrl(), name);
    DatabaseSettings settings = DatabaseSettings.server(url, s.user(), s.password()).withAddressKeys(ADDRESS_KEYS);
    try {
      return new TestDatabase(settings, Database.open(settings), () -> s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    } catch (RuntimeException e) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      throw e;
    }
  }

  /**
   * The lookup hash of an address, for tests that find a contact in SQL: addresses are never
   * stored in clear ({@code contacts.address_hash}).
   */
  public static String addressHash(String channel, String address) {
    return ADDRESS_KEYS.lookupHash(channel, address);
  }

  /** The lookup hashes of an address on every channel ({@code address_hash = ANY(:hashes)}). */
  public static String[] addressHashes(String address) {
    return java.util.stream.Stream.of("sms", "whatsapp", "telegram", "simulator")
        .map(c -> ADDRESS_KEYS.lookupHash(c, address)).toArray(String[]::new);
  }

  /** A database created but not migrated (for migration tests); closing it drops it. */
  public record EmptyDatabase(DatabaseSettings settings, Runnable drop) implements AutoCloseable {
    @Override
    public void close() {
      drop.run();
    }
  }

  /** A new database without any table; {@link EmptyDatabase#settings()} carry the test keys. */
  public static EmptyDatabase createEmpty() {
    Server s = server();
    String name = "dalil_t_" + HexFormat.of().formatHex(randomBytes());
    s.execute("CREATE DATABASE " + name);
    DatabaseSettings settings = DatabaseSettings.server(withDatabase(s.adminUrl(), name), s.user(), s.password())
        .withAddressKeys(ADDRESS_KEYS);
    return new EmptyDatabase(settings, () -> s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
  }

  /** Whether the tests run on an external server (true) or on the embedded one. */
  public static boolean external() {
    return System.getenv(URL_VARIABLE) != null && !System.getenv(URL_VARIABLE).isBlank();
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static synchronized Server server() {
    if (server == null) {
      server = external() ? externalServer() : embeddedServer();
    }
    return server;
  }

  private static Server externalServer() {
    String user = System.getenv().getOrDefault("DALIL_TEST_DATABASE_USER", "postgres");
    String password = System.getenv("DALIL_TEST_DATABASE_PASSWORD");
    return new Server(System.getenv(URL_VARIABLE).strip(), user, password);
  }

  private static Server embeddedServer() {
    try {
      // Temporary data directory, deleted by zonky's shutdown hook when the JVM exits.
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      return new Server("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
    }
  }

  /** {@code url} with its database name replaced. */
  static String withDatabase(String url, String database) {
    int hostStart = url.indexOf("//") + 2;
    int pathStart = url.indexOf('/', hostStart);
    int query = url.indexOf('?', hostStart);
    String base = pathStart < 0 || (query >= 0 && query < pathStart)
        ? (query < 0 ? url : url.substring(0, query))
        : url.substring(0, pathStart);
    String rest = query < 0 ? "" : url.substring(query);
    return base + "/" + database + rest;
  }

  private record Server(String adminUrl, String user, String password) {
    void execute(String sql) {
      try (Connection c = DriverManager.getConnection(adminUrl, user, password);
          Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
      }
    }
  }
}
