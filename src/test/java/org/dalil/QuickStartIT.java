package org.dalil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Quick start of README.md: {@code java -jar target/dalil.jar} in a directory holding
 * the shipped {@code flows/} and {@code i18n/}, with no database configured (so the embedded
 * PostgreSQL, data in {@code ./data}), then walks the "done when" path of the foundation issue
 * through the simulator API, restarts the server and checks that the conversation was kept.
 */
class QuickStartIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> processes = new ArrayList<>();

  @TempDir Path workDir;

  @AfterEach
  void stopServers() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void theQuickStartServesTheShippedFlowsOnTheEmbeddedDatabase() throws Exception {
    Path repository = Path.of(System.getProperty("dalil.repository", "."));
    TestFiles.copyTree(repository.resolve("flows"), workDir.resolve("flows"));
    TestFiles.copyTree(repository.resolve("i18n"), workDir.resolve("i18n"));
    int port = freePort();

    Process server = start(port, "first");
    String base = "http://127.0.0.1:" + port;
    awaitReady(base, server);

    String contact = "quickstart-" + UUID.randomUUID();
    List<JsonNode> welcome = say(base, contact, "salam");
    JsonNode languageMenu = welcome.getLast();
    assertEquals(3, languageMenu.get("options").size(), "the welcome offers the three languages");

    JsonNode arabicMenu = say(base, contact, "2").getLast();
    assertEquals("ar", arabicMenu.get("language").asText(), "choosing 2 switches to Arabic");
    assertTrue(arabicMenu.get("options").size() >= 5, "the main menu lists the topics");

    JsonNode firstTopic = say(base, contact, "١").getFirst();
    assertEquals("ar", firstTopic.get("language").asText());
    assertNotEquals(arabicMenu.get("text").asText(), firstTopic.get("text").asText(),
        "an Arabic-Indic one chooses the first topic");

    JsonNode backToMenu = say(base, contact, "menu").getLast();
    assertEquals(arabicMenu.get("text").asText(), backToMenu.get("text").asText(), "menu goes back to the main menu");

    JsonNode chooseAgain = say(base, contact, "language").getLast();
    assertEquals(3, chooseAgain.get("options").size(), "the language keyword offers the languages again");
    JsonNode englishMenu = say(base, contact, "3").getLast();
    assertEquals("en", englishMenu.get("language").asText());

    JsonNode ready = getJson(base + "/health/ready");
    assertFalse(ready.path("flows").asText().isBlank(), "readiness names the flow version");

    server.destroy();
    assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stops on SIGTERM");
    assertTrue(Files.isDirectory(workDir.resolve("data")), "the embedded database keeps its files in ./data");

    Process again = start(port, "second");
    awaitReady(base, again);
    JsonNode afterRestart = say(base, contact, "0").getLast();
    assertEquals("en", afterRestart.get("language").asText(), "the conversation survived the restart");
    assertEquals(englishMenu.get("text").asText(), afterRestart.get("text").asText());
  }

  private Process start(int port, String name) throws IOException {
    Path jar = Path.of(System.getProperty("dalil.jar", "target/dalil.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-jar", jar.toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("server-" + name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("DALIL_"));
    env.put("DALIL_PORT", Integer.toString(port));
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private void awaitReady(String base, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("the server exited with " + server.exitValue() + ":\n" + logs());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the server was not ready in time:\n" + logs());
  }

  private List<JsonNode> say(String base, String contact, String text) throws Exception {
    String body = JSON.writeValueAsString(Map.of("contact", contact, "text", text, "id", UUID.randomUUID().toString()));
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/simulator/messages"))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    List<JsonNode> replies = new ArrayList<>();
    JSON.readTree(r.body()).get("replies").forEach(replies::add);
    assertFalse(replies.isEmpty(), "'" + text + "' got no reply");
    return replies;
  }

  private JsonNode getJson(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(workDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        sb.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
      }
    }
    return sb.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
