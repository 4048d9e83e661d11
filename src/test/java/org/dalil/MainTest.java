package org.dalil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a flow author uses it. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theShippedContentIsValid() {
    assertEquals(0, run("validate", "."), out.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("0 errors"));
  }

  @Test
  void aDanglingTargetPrintsFileAndLineAndExitsOne(@TempDir Path dir) throws IOException {
    TestFiles.copyTree(Path.of("src/test/resources/content/minimal"), dir);
    Path main = dir.resolve("flows/main.yaml");
    String yaml = Files.readString(main);
    String broken = yaml.replace("goto: health.start", "goto: health.nowhere");
    assertTrue(!broken.equals(yaml), "the fixture changed: update this test");
    Files.writeString(main, broken);
    int line = 1 + (int) broken.substring(0, broken.indexOf("health.nowhere")).chars().filter(c -> c == '\n').count();

    assertEquals(1, run("validate", dir.toString()));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("flows/main.yaml:" + line + ": error:"), printed);
    assertTrue(printed.contains("health.nowhere"), printed);
  }

  @Test
  void aFlowsDirectoryAloneFindsItsI18nBeside(@TempDir Path dir) throws IOException {
    TestFiles.copyTree(Path.of("src/test/resources/content/minimal"), dir);
    assertEquals(0, run("validate", dir.resolve("flows").toString()), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownCommandsAndMissingDirectoriesAreUsageErrors(@TempDir Path dir) {
    assertEquals(2, run("frobnicate"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    assertEquals(2, run("validate", dir.resolve("absent").toString()));
    assertEquals(0, run("help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("validate [DIR]"));
  }
}
