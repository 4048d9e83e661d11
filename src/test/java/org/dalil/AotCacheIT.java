package org.dalil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's start-up: {@code start-check} as the training run of the JVM's AOT cache (JDK
 * 25 and later), then {@code serve} from that cache, which also reads the topic model the
 * training kept instead of training it again.
 */
class AotCacheIT {
  @TempDir Path workDir;
  private ServerProcess server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void startCheckWritesACacheThatTheServerThenStartsFrom() throws Exception {
    assumeTrue(Runtime.version().feature() >= 25, "the AOT cache's one-step training needs JDK 25 (this is "
        + Runtime.version() + "); start-check itself is tested by StartCheckCommandTest");
    server = ServerProcess.prepare(workDir);
    Path cache = workDir.resolve("dalil.aot");

    int exit = server.run("training", Map.of(), List.of("-XX:AOTCacheOutput=" + cache), "start-check");

    String training = Files.readString(server.log("training"));
    assertEquals(0, exit, training);
    assertTrue(training.contains("ready ") && training.contains("understanding trained"), training);
    assertTrue(Files.size(cache) > 1_000_000, "the cache was written: " + training);

    // The training also kept the shipped content's topic model.
    List<String> kept;
    try (Connection db = server.connect()) {
      kept = ServerProcess.strings(db, "SELECT training_key || ' ' || created_at FROM topic_models");
    }
    assertEquals(1, kept.size(), kept.toString());

    // AOTMode=on refuses to start when the cache cannot be used (another JDK, another jar), so a
    // server that gets ready here ran from it.
    server.start("from-cache", Map.of(), List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache));
    awaitLogLine(server.log("from-cache"), "understanding ready");
    try (Connection db = server.connect()) {
      assertEquals(kept, ServerProcess.strings(db, "SELECT training_key || ' ' || created_at FROM topic_models"),
          "the restart read the kept topic model instead of training and keeping it again");
    }
  }

  private void awaitLogLine(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains(text)) {
      assertTrue(System.nanoTime() < deadline, "no '" + text + "' in the log:\n" + server.logs());
      Thread.sleep(100);
    }
  }
}
