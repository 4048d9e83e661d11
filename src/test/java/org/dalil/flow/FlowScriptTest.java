package org.dalil.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dalil.cli.ChatSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conversations kept as files: {@code src/test/resources/flows/<case>/script.txt} holds lines
 * {@code > what the contact types} each followed by what Dalil answers, exactly as
 * {@code dalil chat} prints it ({@code < } reply lines, {@code [events]}). The content is the
 * case's own {@code flows/} and {@code i18n/}, or the directory named by a
 * {@code content: ../../content/minimal} line. {@code #} lines are comments.
 *
 * <p>After a deliberate change, {@code ./mvnw test -Dtest=FlowScriptTest -Ddalil.fixtures.update=true}
 * rewrites the expected lines; review the diff before committing it.
 *
 * <p>The clock starts at {@link #START} and moves one minute per message; {@code > /wait PT25H}
 * moves it further.
 */
class FlowScriptTest {
  static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
  private static final Path CASES =
      Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/resources/flows");
  private static final String CONTENT = "content:";

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CASES)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("script.txt"))).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scriptRunsAsWritten(Path dir) throws IOException {
    Path script = dir.resolve("script.txt");
    List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
    Path content = contentDir(dir, lines);
    FlowSetLoader.Result loaded = new FlowSetLoader().load(content.resolve("flows"), content.resolve("i18n"));
    assertTrue(loaded.ok(), () -> "content of " + dir + " does not load:\n"
        + loaded.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));

    ChatSession session = new ChatSession(loaded.flowSet(), minuteByMinute());
    List<String> actual = new ArrayList<>();
    boolean sawInput = false;
    for (String line : lines) {
      if (isInput(line)) {
        sawInput = true;
        actual.add(line);
        actual.addAll(session.handle(line.substring(1).strip()));
      } else if (!isExpectedOutput(line)) {
        actual.add(line);
      }
    }
    assertTrue(sawInput, script + " has no '> ' input line");

    String expectedText = String.join("\n", lines) + "\n";
    String actualText = String.join("\n", actual) + "\n";
    if (Boolean.getBoolean("dalil.fixtures.update")) {
      if (!actualText.equals(expectedText)) {
        Files.writeString(script, actualText, StandardCharsets.UTF_8);
      }
      return;
    }
    assertEquals(expectedText, actualText, script + " (rerun with -Ddalil.fixtures.update=true after a deliberate change)");
  }

  private static Path contentDir(Path dir, List<String> lines) {
    if (Files.isDirectory(dir.resolve("flows"))) {
      return dir;
    }
    String reference = lines.stream().filter(l -> l.startsWith(CONTENT)).findFirst()
        .map(l -> l.substring(CONTENT.length()).strip())
        .orElseThrow(() -> new AssertionError(dir + " has no flows/ and no '" + CONTENT + "' line"));
    Path content = dir.resolve(reference).normalize();
    assertFalse(reference.isEmpty() || !Files.isDirectory(content), content + " is not a directory");
    return content;
  }

  private static boolean isInput(String line) {
    return line.equals(">") || line.startsWith("> ");
  }

  /** What Dalil printed: everything but inputs, comments, blank lines and the content line. */
  private static boolean isExpectedOutput(String line) {
    return !(isInput(line) || line.isBlank() || line.startsWith("#") || line.startsWith(CONTENT));
  }

  private static Supplier<Instant> minuteByMinute() {
    Instant[] next = {START};
    return () -> {
      Instant now = next[0];
      next[0] = now.plus(Duration.ofMinutes(1));
      return now;
    };
  }
}
