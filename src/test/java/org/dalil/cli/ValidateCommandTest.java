package org.dalil.cli;

import org.dalil.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  private record Run(int exitCode, List<String> lines) {}

  private static Run validate(Path root) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = ValidateCommand.runOnRoot(root, out);
    }
    return new Run(code, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  private static Path minimalCopy(Path dir) throws IOException, URISyntaxException {
    Path root = Path.of(ValidateCommandTest.class.getResource("/content/minimal/flows").toURI()).getParent();
    return TestFiles.copyTree(root, dir);
  }

  @Test
  void validContentExitsZeroWithASummary(@TempDir Path dir) throws Exception {
    Run run = validate(minimalCopy(dir));
    assertEquals(0, run.exitCode(), run.lines()::toString);
    assertEquals(List.of("0 errors, 0 warnings in 5 flows, 3 languages"), run.lines());
  }

  @Test
  void aDanglingTargetPrintsFileAndLineAndExitsOne(@TempDir Path dir) throws Exception {
    Path root = minimalCopy(dir);
    Path health = root.resolve("flows/health.yaml");
    Files.writeString(health, Files.readString(health).replace("goto: more", "goto: nowhere"));
    Run run = validate(root);
    assertEquals(1, run.exitCode());
    assertTrue(run.lines().contains(
        "flows/health.yaml:9: error: unknown target `health.nowhere`: flow `health` has no node `nowhere`"),
        run.lines()::toString);
    String summary = run.lines().getLast();
    assertTrue(summary.startsWith("1 error, ") && summary.endsWith(" in 5 flows, 3 languages"), summary);
  }

  @Test
  void warningsAloneExitZero(@TempDir Path dir) throws Exception {
    Path root = minimalCopy(dir);
    Files.writeString(root.resolve("i18n/en.properties"), "spare.text=TODO\n", java.nio.file.StandardOpenOption.APPEND);
    Run run = validate(root);
    assertEquals(0, run.exitCode());
    assertEquals(List.of(
        "i18n/en.properties:" + Files.readAllLines(root.resolve("i18n/en.properties")).size()
            + ": warning: unused key `spare.text`",
        "i18n/en.properties:" + Files.readAllLines(root.resolve("i18n/en.properties")).size()
            + ": warning: placeholder `TODO` left in `spare.text`",
        "0 errors, 2 warnings in 5 flows, 3 languages"), run.lines());
  }

  @Test
  void aMissingDirectoryIsAnError(@TempDir Path dir) {
    Run run = validate(dir);
    assertEquals(1, run.exitCode());
    assertTrue(run.lines().getFirst().startsWith("flows/: error: directory not found"), run.lines()::toString);
  }

  @Test
  void theShippedContentHasNoError() {
    // Surefire runs in the project directory, where flows/ and i18n/ are the content Dalil ships.
    Path root = Path.of("").toAbsolutePath();
    if (!Files.isDirectory(root.resolve("flows"))) {
      return;
    }
    Run run = validate(root);
    assertEquals(0, run.exitCode(), () -> String.join("\n", run.lines()));
  }
}
