package org.dalil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dalil.TestFiles;
import org.dalil.flow.Understanding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exitCode, List<String> out, String err) {}

  private static Run classify(Path content, String input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ClassifyCommand.run(content.resolve("flows"), content.resolve("i18n"),
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void oneJsonObjectPerLineInUtf8() throws IOException {
    Run run = classify(ROOT, "mon enfant est malade\nبغيت نخدم فكازا\nI want to die\n\nxqzw vbnm\n");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(5, run.out().size(), run.out().toString());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : run.out()) {
      lines.add(JSON.readTree(line));
    }
    JsonNode health = lines.get(0);
    assertEquals(List.of("language", "language_confidence", "topic", "confidence", "urgent", "urgency"),
        iterate(health.fieldNames()));
    assertEquals("fr", health.get("language").asText());
    assertEquals("health", health.get("topic").asText());
    assertTrue(health.get("confidence").asDouble() >= Understanding.CONFIDENT_TOPIC);
    assertFalse(health.get("urgent").asBoolean());
    assertTrue(health.get("urgency").isNull());

    JsonNode work = lines.get(1);
    assertEquals("ar", work.get("language").asText());
    assertEquals("work", work.get("topic").asText());

    JsonNode urgent = lines.get(2);
    assertEquals("en", urgent.get("language").asText());
    assertTrue(urgent.get("urgent").asBoolean());
    assertEquals("self_harm", urgent.get("urgency").asText());

    JsonNode blank = lines.get(3);
    assertTrue(blank.get("language").isNull());
    assertTrue(blank.get("topic").isNull());

    JsonNode gibberish = lines.get(4);
    assertTrue(gibberish.get("topic").isNull(), "no topic under the threshold");
    assertTrue(gibberish.get("confidence").asDouble() < Understanding.CONFIDENT_TOPIC);
  }

  @Test
  void contentThatDoesNotLoadIsReportedAndExitsOne(@TempDir Path dir) throws IOException {
    TestFiles.copyTree(ROOT.resolve("src/test/resources/content/minimal"), dir);
    Files.writeString(dir.resolve("i18n/fr.training.txt"), "phrase sans section\n");

    Run run = classify(dir, "bonjour\n");

    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("i18n/fr.training.txt:1: error: phrase outside a section"), run.err());
    assertEquals(List.of(), run.out());
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
