package org.dalil.cli;

import org.dalil.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dalil.flow.ConversationState;
import org.dalil.flow.TestContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCommandTest {
  private static final Path MINIMAL = Path.of(System.getProperty("basedir", ""))
      .toAbsolutePath().resolve("src/test/resources/content/minimal");

  private record Run(int exitCode, List<String> lines) {}

  private static Run chat(Path content, String typed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = ChatCommand.run(content.resolve("flows"), content.resolve("i18n"),
        new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), out);
    return new Run(code, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void chatsWithTheFlowsUntilQuit() {
    Run run = chat(MINIMAL, "bonjour\n\n٢\n/quit\nbonjour\n");

    assertEquals(0, run.exitCode());
    assertTrue(run.lines().getFirst().startsWith("[flows version "), run.lines().getFirst());
    assertEquals(List.of(
        "< Bienvenue. Votre langue ?",
        "< مرحبا. لغتك؟",
        "< Welcome. Your language?",
        "< 1. Français",
        "< 2. العربية",
        "< 3. English",
        "[language: ar]",
        "< دليل يقدم معلومات مجانية. 0 = القائمة، لغة = تغيير اللغة.",
        "< أي موضوع؟ أجب بالرقم.",
        "< 1. الصحة",
        "< 2. البحث عن جمعية",
        "< 3. التحدث مع متطوع",
        "< 4. خروج"), run.lines().subList(1, run.lines().size()));
  }

  @Test
  void endOfInputEndsTheChat() {
    Run run = chat(MINIMAL, "bonjour");

    assertEquals(0, run.exitCode());
    assertEquals("< 3. English", run.lines().getLast());
  }

  @Test
  void stateAndResetCommands() {
    Run run = chat(MINIMAL, "/state\nbonjour\n1\n/state\n/reset\n/state\n");

    List<String> lines = run.lines();
    assertEquals("[state: none]", lines.get(1));
    int state = lines.indexOf("[variables: {}]");
    assertTrue(state > 0, lines.toString());
    assertTrue(lines.get(state - 1).startsWith("[state: ACTIVE at main.menu, language fr, misses 0, version "),
        lines.get(state - 1));
    assertEquals("[path: welcome.start > welcome.set_fr > welcome.intro > main.menu]", lines.get(state + 1));
    assertEquals(List.of("[reset]", "[state: none]"), lines.subList(lines.size() - 2, lines.size()));
  }

  @Test
  void invalidFlowsArePrintedAndExitOne(@TempDir Path dir) throws IOException {
    TestFiles.copyTree(MINIMAL, dir);
    Path main = dir.resolve("flows/main.yaml");
    Files.writeString(main, Files.readString(main).replace("goto: bye", "goto: nowhere"));

    Run run = chat(dir, "bonjour\n");

    assertEquals(1, run.exitCode());
    assertTrue(run.lines().stream().anyMatch(l -> l.contains("main.yaml") && l.contains("nowhere")), run.lines().toString());
    assertFalse(run.lines().stream().anyMatch(l -> l.startsWith("<")));
  }

  @Test
  void sessionPrintsEventsInBrackets() {
    ChatSession session = new ChatSession(TestContent.standard(), () -> Instant.parse("2026-01-05T09:00:00Z"));
    session.handle("salut");
    session.handle("2");

    assertEquals(List.of("[handoff: legal, urgent]"), session.handle("6"));
    assertEquals(List.of("[to the volunteer]"), session.handle("allo"));
    assertEquals(List.of("< تم.", "[handoff closed]", "[opt-out]"), session.handle("stop"));
    assertEquals(ConversationState.Status.STOPPED, session.state().status());
  }

  @Test
  void sessionCommandsForChannelsAndTime() {
    Instant[] now = {Instant.parse("2026-01-05T09:00:00Z")};
    ChatSession session = new ChatSession(TestContent.standard(), () -> now[0]);
    session.handle("salut");
    session.handle("1");

    assertEquals(List.of("< Texte seulement."), session.handle("/location"));
    assertEquals(List.of("< Texte seulement."), session.handle("/media"));
    assertEquals(List.of("[usage: /wait PT25H (an ISO-8601 duration)]"), session.handle("/wait soon"));
    assertEquals(List.of("[waited PT25H]"), session.handle("/wait PT25H"));
    assertEquals("< Bienvenue. Votre langue ?", session.handle("1").getFirst());
    assertEquals(List.of(), session.handle("   "));
  }

  @Test
  void servicesKeepTheirBlankLines() {
    ChatSession session = new ChatSession(TestContent.standard(), () -> Instant.parse("2026-01-05T09:00:00Z"));
    session.handle("salut");
    session.handle("1");
    session.handle("2");

    List<String> lines = session.handle("rabat");

    assertEquals(List.of("< Organisations à Rabat :", "<", "< Association Santé Rabat"), lines.subList(0, 3));
  }
}
