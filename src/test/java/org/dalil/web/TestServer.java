package org.dalil.web;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.dalil.config.Config;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;

/** A whole Dalil server in the test JVM, on a fresh test database and the given content. */
public final class TestServer implements AutoCloseable {
  public static final Path MINIMAL_CONTENT = Path.of("src/test/resources/content/minimal");

  public final TestDatabase database;
  public final App app;

  private TestServer(TestDatabase database, App app) {
    this.database = database;
    this.app = app;
  }

  public static TestServer start(Path content, boolean simulator) {
    return start(content, simulator, Map.of());
  }

  /**
   * @param env the channels' own variables ({@code TELEGRAM_*}...), as {@link App#start(Config,
   *     Map)} reads them; {@code DALIL_PUBLIC_URL} there replaces the default http://localhost
   */
  public static TestServer start(Path content, boolean simulator, Map<String, String> env) {
    TestDatabase db = TestDatabases.create();
    // The server opens the test database with the key it was created with.
    Map<String, String> withKey = new java.util.HashMap<>(env);
    withKey.putIfAbsent(org.dalil.privacy.PrivacySettings.SECRET_KEY, TestDatabases.SECRET_KEY);
    env = withKey;
    try {
      Config config = new Config(0, db.settings().url(), db.settings().user(), db.settings().password(),
          URI.create(env.getOrDefault(Config.PUBLIC_URL, "http://localhost")), content.resolve("flows"),
          content.resolve("i18n"), Path.of("target", "unused-data"), simulator);
      return new TestServer(db, App.start(config, env));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  @Override
  public void close() {
    app.close();
    database.close();
  }
}
