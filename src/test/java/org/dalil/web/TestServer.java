package org.dalil.web;

import java.net.URI;
import java.nio.file.Path;
import org.dalil.config.Config;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;

/** A whole Dalil server in the test JVM, on a fresh test database and the given content. */
final class TestServer implements AutoCloseable {
  static final Path MINIMAL_CONTENT = Path.of("src/test/resources/content/minimal");

  final TestDatabase database;
  final App app;

  private TestServer(TestDatabase database, App app) {
    this.database = database;
    this.app = app;
  }

  static TestServer start(Path content, boolean simulator) {
    TestDatabase db = TestDatabases.create();
    try {
      Config config = new Config(0, db.settings().url(), db.settings().user(), db.settings().password(),
          URI.create("http://localhost"), content.resolve("flows"), content.resolve("i18n"),
          Path.of("target", "unused-data"), simulator);
      return new TestServer(db, App.start(config));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  @Override
  public void close() {
    app.close();
    database.close();
  }
}
