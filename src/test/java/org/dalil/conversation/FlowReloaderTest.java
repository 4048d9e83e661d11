package org.dalil.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Problem;
import org.dalil.store.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FlowReloaderTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  @TempDir Path dir;

  private FlowReloader reloader(Path root, FlowVersions versions) {
    return new FlowReloader(root.resolve("flows"), root.resolve("i18n"), versions, new FlowSetLoader(), Duration.ofMillis(100));
  }

  /** Points a menu option of main.yaml at a node that does not exist. */
  private static void breakMainFlow(Path root) throws IOException {
    Path main = root.resolve("flows").resolve("main.yaml");
    String text = Files.readString(main, StandardCharsets.UTF_8);
    Files.writeString(main, text.replace("goto: bye", "goto: nowhere_at_all"), StandardCharsets.UTF_8);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void anInvalidSetAtStartUpIsFatal() throws IOException {
    Path root = MinimalContent.copyTo(dir);
    breakMainFlow(root);
    FlowVersions versions = new FlowVersions(db.database().jdbi());
    try (FlowReloader reloader = reloader(root, versions)) {
      FlowLoadException e = assertThrows(FlowLoadException.class, reloader::start);
      assertTrue(e.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR
          && p.where().file().endsWith("main.yaml") && p.where().line() > 0), e.getMessage());
      assertTrue(e.getMessage().contains("main.yaml:"), e.getMessage());
    }
    assertNull(versions.current());
  }

  @Test
  void reloadsWhenAFileChanges() {
    Path root = MinimalContent.copyTo(dir);
    FlowVersions versions = new FlowVersions(db.database().jdbi());
    try (FlowReloader reloader = reloader(root, versions)) {
      FlowSet first = reloader.start();
      assertEquals(first.version(), versions.current().version());

      MinimalContent.setText(root, "en", "main.bye", "See you soon.");
      await("the changed files are current", () -> !versions.current().version().equals(first.version()));
      assertEquals(MinimalContent.load(root).version(), versions.current().version());
    }
  }

  @Test
  void anInvalidReloadKeepsTheLastGoodVersion() throws Exception {
    Path root = MinimalContent.copyTo(dir);
    FlowVersions versions = new FlowVersions(db.database().jdbi());
    try (FlowReloader reloader = reloader(root, versions)) {
      FlowSet good = reloader.start();
      breakMainFlow(root);

      FlowSetLoader.Result result = reloader.reload();
      assertFalse(result.ok());
      assertFalse(result.problems().isEmpty());
      Thread.sleep(600); // the watcher's own reload of the broken files is refused too
      assertEquals(good.version(), versions.current().version());

      // Fixed again: the next change is picked up.
      MinimalContent.copyTo(dir.resolve("fresh"));
      Files.copy(dir.resolve("fresh/flows/main.yaml"), root.resolve("flows/main.yaml"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      MinimalContent.setText(root, "fr", "main.bye", "Au revoir !");
      FlowSetLoader.Result fixed = reloader.reload();
      assertTrue(fixed.ok(), () -> fixed.problems().toString());
      assertNotEquals(good.version(), versions.current().version());
      assertEquals(fixed.flowSet().version(), versions.current().version());
    }
  }
}
