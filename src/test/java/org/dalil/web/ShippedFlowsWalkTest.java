package org.dalil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.dalil.flow.Accept;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.HandoffNode;
import org.dalil.flow.InputNode;
import org.dalil.flow.MenuNode;
import org.dalil.flow.Node;
import org.dalil.flow.Target;
import org.dalil.store.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every path of the shipped flows, in every language, through the simulator API: every
 * menu option and every kind of answer to every question is tried once per language. Each reply
 * must be non-empty and in the contact's language, and no path may end without a way on (a menu
 * back to the main menu or to a volunteer, a volunteer, or the main menu on the next message).
 */
class ShippedFlowsWalkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ARABIC = Pattern.compile("\\p{IsArabic}");
  private static final Path SHIPPED = Path.of(".");

  private static TestServer server;
  private static FlowSet flows;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    FlowSetLoader.Result loaded = new FlowSetLoader().load(SHIPPED.resolve("flows"), SHIPPED.resolve("i18n"));
    assertTrue(loaded.ok(), () -> "the shipped content has errors: " + loaded.problems());
    flows = loaded.flowSet();
    server = TestServer.start(SHIPPED, true);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private record Walk(String language, List<String> inputs) {
    Walk then(String input) {
      List<String> next = new ArrayList<>(inputs);
      next.add(input);
      return new Walk(language, next);
    }
  }

  private record Position(String status, String flow, String node) {}

  @Test
  void everyPathInEveryLanguageAnswersAndLeadsOn() throws Exception {
    List<String> languages = flows.settings().languages();
    MenuNode welcome = (MenuNode) flows.node(flows.settings().start()).orElseThrow();
    Deque<Walk> queue = new ArrayDeque<>();
    for (int i = 0; i < welcome.options().size(); i++) {
      String language = languages.get(i);
      queue.add(new Walk(language, List.of("bonjour", Integer.toString(i + 1))));
      // Three replies the bot cannot understand lead to the offer of a volunteer.
      queue.add(new Walk(language, List.of("bonjour", Integer.toString(i + 1), "zzz", "zzz", "zzz")));
    }
    Set<String> visited = new HashSet<>();
    Set<String> seenNodes = new HashSet<>();
    seenNodes.add(flows.settings().start().toString()); // every walk's first message
    int walks = 0;
    while (!queue.isEmpty()) {
      Walk walk = queue.poll();
      walks++;
      Position at = replay(walk);
      if (!"active".equals(at.status())) {
        continue;
      }
      seenNodes.add(at.flow() + "." + at.node());
      if (!visited.add(walk.language() + "/" + at.flow() + "." + at.node())) {
        continue;
      }
      Node waiting = flows.node(new Target(at.flow(), at.node())).orElseThrow();
      switch (waiting) {
        case MenuNode menu -> {
          assertLeadsOn(menu);
          for (int n = 1; n <= menu.options().size(); n++) {
            queue.add(walk.then(Integer.toString(n)));
          }
        }
        case InputNode input -> answersFor(input).forEach(a -> queue.add(walk.then(a)));
        default -> throw new AssertionError(at + " waits at a node that cannot wait");
      }
    }
    assertTrue(walks > 3 * 20, "the walk explored " + walks + " paths only");
    // Every menu and question of the shipped flows was reached (in some language).
    for (var flow : flows.flows().values()) {
      for (Node node : flow.nodes()) {
        if (node instanceof MenuNode || node instanceof InputNode) {
          assertTrue(seenNodes.contains(flow.id() + "." + node.id()), flow.id() + "." + node.id() + " was never reached");
        }
      }
    }
  }

  /** Sends the inputs as a new contact; checks the replies to the last one; returns where it stands. */
  private Position replay(Walk walk) throws Exception {
    String contact = "walk-" + UUID.randomUUID();
    JsonNode replies = null;
    for (String input : walk.inputs()) {
      replies = say(contact, input);
    }
    assertNotNull(replies);
    Position at = position(contact);
    String where = walk + " -> " + at;
    if (!"handoff".equals(at.status())) {
      assertTrue(replies.size() > 0, "no reply at " + where);
    }
    for (JsonNode reply : replies) {
      String text = reply.get("text").asText();
      assertFalse(text.isBlank(), "empty reply at " + where);
      assertFalse(text.contains("{") && text.contains("}"), "unreplaced placeholder at " + where + ": " + text);
      assertEquals(walk.language(), reply.get("language").asText(), "language at " + where);
      if (walk.language().equals("ar")) {
        assertTrue(ARABIC.matcher(text).find(), "an Arabic reply without Arabic at " + where + ": " + text);
      } else {
        assertFalse(ARABIC.matcher(text).find(), "Arabic in a " + walk.language() + " reply at " + where + ": " + text);
      }
      for (JsonNode option : reply.get("options")) {
        assertFalse(option.get("label").asText().isBlank(), "an empty option label at " + where);
      }
    }
    if ("ended".equals(at.status())) {
      // An end is not a dead end: the next message brings the main menu back.
      JsonNode next = say(contact, "ok");
      assertEquals("active", position(contact).status(), "after the end of " + where);
      assertTrue(next.size() > 0);
    }
    return at;
  }

  /** A menu other than the main one offers the way back or a volunteer. */
  private static void assertLeadsOn(MenuNode menu) {
    Target main = flows.settings().menu();
    Target human = flows.settings().human();
    boolean leadsOn = menu.options().stream().anyMatch(o ->
        o.next().equals(main) || o.next().flow().equals(human.flow())
            || flows.node(o.next()).map(n -> n instanceof HandoffNode).orElse(false)
            || o.next().flow().equals(main.flow()));
    boolean isMainOrWelcome = menu == flows.node(main).orElseThrow() || menu == flows.node(flows.settings().start()).orElseThrow();
    assertTrue(isMainOrWelcome || leadsOn, "menu " + menu.id() + " (" + menu.line() + ") offers no way back nor volunteer");
  }

  private static List<String> answersFor(InputNode input) {
    return switch (input.accept()) {
      case Accept.OneOf list -> {
        List<String> values = flows.settings().choiceLists().get(list.list());
        // Every city, so that lookups that find organisations and lookups that do not are both walked.
        List<String> answers = new ArrayList<>(values);
        answers.add("atlantis");
        yield answers;
      }
      case Accept.WholeNumber n -> List.of(Long.toString(n.min()), "abc");
      case Accept.AnyText t -> List.of("une question");
      case Accept.Matching m -> List.of("x");
    };
  }

  private JsonNode say(String contact, String text) throws Exception {
    String body = JSON.writeValueAsString(Map.of("contact", contact, "text", text));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/api/simulator/messages")))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("replies");
  }

  private Position position(String contact) {
    return server.database.database().jdbi().withHandle(h -> h.createQuery("""
            select v.status, v.flow, v.node from conversations v join contacts c on c.id = v.contact_id
            where c.channel = 'simulator' and c.address_hash = :a""")
        .bind("a", TestDatabases.addressHash("simulator", contact))
        .map((rs, ctx) -> new Position(rs.getString(1), rs.getString(2), rs.getString(3)))
        .one());
  }
}
