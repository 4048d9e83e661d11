package org.dalil.web.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dalil.store.ContactDao;
import org.dalil.web.auth.Role;
import org.dalil.web.privacy.DataRequestsWeb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 6: an admin exports and erases a contact's data from the inbox, on their request. */
class DataRequestsWebTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> POSTS = List.of(DataRequestsWeb.BASE + "/export", DataRequestsWeb.BASE + "/erase",
      DataRequestsWeb.BASE + "/handoff/1/export", DataRequestsWeb.BASE + "/handoff/1/erase");

  private static InboxServer server;

  @BeforeAll
  static void start() {
    server = InboxServer.onNewDatabase(InboxServer.MINIMAL);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Optional<Long> contact(String address) {
    return server.db.database().jdbi().withExtension(ContactDao.class, d -> d.findId("simulator", address));
  }

  private static long handoffOf(long contact) {
    return server.db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM handoffs WHERE contact_id = :c")
        .bind("c", contact).mapTo(Long.class).one());
  }

  @Test
  void onlyAdminsReachThePage() throws Exception {
    InboxServer.Browser anonymous = server.browser();
    assertEquals(302, anonymous.get(DataRequestsWeb.BASE).statusCode());
    for (String path : POSTS) {
      assertEquals(401, anonymous.post(path, Map.of("_csrf", "guess")).statusCode(), path);
    }
    InboxServer.Browser volunteer = server.browser();
    volunteer.login(server.account("Vera", Role.VOLUNTEER, "fr"), InboxServer.PASSWORD);
    assertEquals(403, volunteer.get(DataRequestsWeb.BASE).statusCode());
    for (String path : POSTS) {
      assertEquals(403, volunteer.submit(path, Map.of("channel", "simulator", "address", "x", "confirm", "yes"))
          .statusCode(), path);
    }
    assertFalse(volunteer.get("/inbox").body().contains("nav-privacy"));
  }

  @Test
  void anAdminFindsAPersonByNumberExportsThenErasesTheirData() throws Exception {
    server.contactWrites("+212600000777", "bonjour");
    server.contactWrites("+212600000777", "humain");
    long contact = contact("+212600000777").orElseThrow();
    InboxServer.Browser admin = server.browser();
    admin.login(server.account("Ada", Role.ADMIN, "fr"), InboxServer.PASSWORD);

    HttpResponse<String> page = admin.get(DataRequestsWeb.BASE);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("id=\"privacy-erase\""), page.body());
    assertTrue(admin.get("/inbox").body().contains("nav-privacy"));

    HttpResponse<String> export = admin.submit(DataRequestsWeb.BASE + "/export",
        Map.of("channel", "simulator", "address", "+212600000777"));
    assertEquals(200, export.statusCode(), export.body());
    assertTrue(export.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
    JsonNode json = JSON.readTree(export.body());
    List<String> written = new java.util.ArrayList<>();
    json.get("messages").forEach(m -> {
      if (m.get("sender").asText().equals("you")) {
        written.add(m.get("text").asText());
      }
    });
    assertEquals(List.of("bonjour", "humain"), written);
    assertFalse(export.body().contains("600000777"), "the address is masked");

    HttpResponse<String> unconfirmed = admin.submit(DataRequestsWeb.BASE + "/erase",
        Map.of("channel", "simulator", "address", "+212600000777"));
    assertEquals(DataRequestsWeb.BASE + "?notice=confirm_needed", unconfirmed.headers().firstValue("Location").orElse(""));
    assertTrue(contact("+212600000777").isPresent());

    HttpResponse<String> erased = admin.submit(DataRequestsWeb.BASE + "/erase",
        Map.of("channel", "simulator", "address", "+212600000777", "confirm", "yes"));
    assertEquals(DataRequestsWeb.BASE + "?notice=ok_erased", erased.headers().firstValue("Location").orElse(""));
    assertEquals(Optional.empty(), contact("+212600000777"));
    assertTrue(admin.get(DataRequestsWeb.BASE + "?notice=ok_erased").body().contains("id=\"notice\""));

    HttpResponse<String> again = admin.submit(DataRequestsWeb.BASE + "/export",
        Map.of("channel", "simulator", "address", "+212600000777"));
    assertEquals(DataRequestsWeb.BASE + "?notice=contact_not_found", again.headers().firstValue("Location").orElse(""));
  }

  @Test
  void theConversationPageOffersBothActionsToAnAdmin() throws Exception {
    server.contactWrites("privacy-page", "humain");
    long contact = contact("privacy-page").orElseThrow();
    long handoff = handoffOf(contact);
    InboxServer.Browser admin = server.browser();
    admin.login(server.account("Ada", Role.ADMIN, "fr"), InboxServer.PASSWORD);

    String conversation = admin.get("/inbox/c/" + handoff).body();
    assertTrue(conversation.contains("/inbox/admin/privacy/handoff/" + handoff + "/erase"), conversation);
    HttpResponse<String> export = admin.submit(DataRequestsWeb.BASE + "/handoff/" + handoff + "/export", Map.of());
    assertEquals(200, export.statusCode());
    HttpResponse<String> erased = admin.submit(DataRequestsWeb.BASE + "/handoff/" + handoff + "/erase",
        Map.of("confirm", "yes"));
    assertEquals(DataRequestsWeb.BASE + "?notice=ok_erased", erased.headers().firstValue("Location").orElse(""));
    assertEquals(Optional.empty(), contact("privacy-page"));
    assertEquals(0L, (long) server.db.database().jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM handoffs WHERE id = :h").bind("h", handoff).mapTo(Long.class).one()));
  }
}
