package org.dalil.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of issue 7 on the shipped content and {@code bench/nlp/labelled.tsv}: fails under
 * the targets (language 95%, topic 85%, under 1 ms per message). The report is printed to the
 * test's output ({@code surefire-reports/org.dalil.nlp.NlpBenchmarkTest-output.txt}).
 */
class NlpBenchmarkTest {

  @Test
  void meetsTheTargetsOnMessagesItNeverLearnt() throws IOException {
    List<LabelledMessage> messages = LabelledMessage.parse(
        Files.readString(ShippedContent.ROOT.resolve("bench/nlp/labelled.tsv"), StandardCharsets.UTF_8));
    Map<String, Long> perLanguage = messages.stream().collect(Collectors.groupingBy(LabelledMessage::language,
        Collectors.counting()));

    NlpBenchmark.Report report = NlpBenchmark.run(ShippedContent.flowSet(), messages);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    NlpBenchmark.print(report, new PrintStream(text, true, StandardCharsets.UTF_8));
    System.out.println(text.toString(StandardCharsets.UTF_8));

    assertEquals(List.of(), report.leaks(), "labelled messages must not be training phrases");
    assertEquals(List.of("ar", "en", "fr"), perLanguage.keySet().stream().sorted().toList());
    perLanguage.forEach((language, count) -> assertTrue(count >= 30, language + ": " + count + " messages"));
    report.languageByLanguage().forEach((language, score) ->
        assertTrue(score.rate() >= 0.95, "language right in " + language + ": " + score));
    assertTrue(report.language().rate() >= 0.95, "language: " + report.language());
    assertTrue(report.topic().rate() >= 0.85, "topic: " + report.topic());
    assertTrue(report.urgentCaught().rate() >= 0.9, "urgent caught: " + report.urgentCaught());
    assertTrue(report.microsPerMessage() < 1000, "µs per message: " + report.microsPerMessage());
  }

  @Test
  void aLabelledLineMustHaveFourFields() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> LabelledMessage.parse("# header\nfr\thealth\tmaybe\tje suis malade\n"));

    assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
  }
}
