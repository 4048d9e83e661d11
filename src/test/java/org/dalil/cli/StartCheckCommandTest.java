package org.dalil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalil.TestFiles;
import org.dalil.config.Config;
import org.dalil.privacy.PrivacySettings;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;
import org.dalil.web.App;
import org.dalil.web.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run of the AOT cache, and an operator's "does this configuration start?". */
class StartCheckCommandTest {
  private static final Pattern READY = Pattern.compile(
      "ready (\\d+) ms after the JVM started \\(flows ([0-9a-f]+)\\); understanding trained (\\d+) ms after");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Config config) {
    return StartCheckCommand.run(config, Map.of(PrivacySettings.SECRET_KEY, TestDatabases.SECRET_KEY),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static Config config(TestDatabase db, Path content) {
    return new Config(0, db.settings().url(), db.settings().user(), db.settings().password(),
        URI.create("http://localhost"), content.resolve("flows"), content.resolve("i18n"),
        Path.of("target", "unused-data"), false);
  }

  @Test
  void startsTheServerFindsItReadyAndStopsIt() throws Exception {
    try (TestDatabase db = TestDatabases.create()) {
      long outboxLoopsBefore = outboxLoops();
      assertEquals(0, run(config(db, TestServer.MINIMAL_CONTENT)), err.toString(StandardCharsets.UTF_8));

      Matcher ready = READY.matcher(out.toString(StandardCharsets.UTF_8));
      assertTrue(ready.find(), out.toString(StandardCharsets.UTF_8));
      assertTrue(Long.parseLong(ready.group(3)) >= Long.parseLong(ready.group(1)), "trained after ready");
      // It started on this database: the version it reports is the one it published there.
      String published = db.database().jdbi().withHandle(h -> h.createQuery(
          "SELECT version FROM flow_versions WHERE version = :v").bind("v", ready.group(2)).mapTo(String.class).one());
      assertEquals(ready.group(2), published);
      // And it stopped: its outbox loop, started with the server, is gone.
      assertEquals(outboxLoopsBefore, outboxLoops(), "the server was stopped");
    }
  }

  private static long outboxLoops() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("dalil-outbox")).count();
  }

  @Test
  void brokenFlowsFailTheStartAsTheyFailServe(@TempDir Path content) throws IOException {
    TestFiles.copyTree(TestServer.MINIMAL_CONTENT, content);
    Path main = content.resolve("flows/main.yaml");
    String yaml = Files.readString(main);
    String broken = yaml.replace("goto: health.start", "goto: health.nowhere");
    assertTrue(!broken.equals(yaml), "the fixture changed: update this test");
    Files.writeString(main, broken);

    try (TestDatabase db = TestDatabases.create()) {
      App.StartupException e = assertThrows(App.StartupException.class, () -> run(config(db, content)));
      assertTrue(e.getMessage().contains("health.nowhere"), e.getMessage());
      assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing said ready");
    }
  }
}
