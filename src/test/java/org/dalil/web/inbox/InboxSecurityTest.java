package org.dalil.web.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.dalil.web.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every inbox route refuses an anonymous user, a volunteer is refused the admin routes, every
 * POST needs the session's form token, and repeated wrong passwords lock the account.
 */
class InboxSecurityTest {
  private static InboxServer server;
  private static List<InboxWeb.Route> routes;

  @BeforeAll
  static void start() {
    server = InboxServer.onNewDatabase(InboxServer.MINIMAL);
    routes = server.app.inbox().web().routes();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String concrete(String path) {
    return path.replace("{id}", "1");
  }

  @Test
  void theRouteListCoversTheInbox() {
    assertTrue(routes.size() >= 20, routes.toString());
    assertTrue(routes.contains(new InboxWeb.Route("POST", "/inbox/c/{id}/claim")));
    assertTrue(routes.contains(new InboxWeb.Route("GET", "/inbox/events")));
    assertTrue(routes.contains(new InboxWeb.Route("POST", "/logout")));
  }

  @Test
  void everyRouteRefusesAnAnonymousUser() throws Exception {
    InboxServer.Browser anonymous = server.browser();
    for (InboxWeb.Route r : routes) {
      String path = concrete(r.path());
      if (r.method().equals("GET")) {
        HttpResponse<String> res = anonymous.get(path);
        assertEquals(302, res.statusCode(), r.toString());
        assertTrue(res.headers().firstValue("Location").orElse("").startsWith("/login?next="), r.toString());
      } else {
        HttpResponse<String> res = anonymous.post(path, Map.of("_csrf", "guess", "text", "x"));
        assertEquals(401, res.statusCode(), r.toString());
      }
    }
  }

  @Test
  void aVolunteerIsRefusedEveryAdminRoute() throws Exception {
    InboxServer.Browser volunteer = server.browser();
    String vera = server.account("Vera", Role.VOLUNTEER, "fr");
    assertEquals(303, volunteer.login(vera, InboxServer.PASSWORD).statusCode());
    int adminRoutes = 0;
    for (InboxWeb.Route r : routes) {
      if (!r.path().startsWith("/inbox/admin")) {
        continue;
      }
      adminRoutes++;
      String path = concrete(r.path());
      HttpResponse<String> res = r.method().equals("GET") ? volunteer.get(path)
          : volunteer.submit(path, Map.of("email", "x@example.org", "name", "X", "password", "0123456789ab"));
      assertEquals(403, res.statusCode(), r.toString());
    }
    assertTrue(adminRoutes >= 4);

    InboxServer.Browser admin = server.browser();
    admin.login(server.account("Ada", Role.ADMIN, "fr"), InboxServer.PASSWORD);
    HttpResponse<String> users = admin.get("/inbox/admin/users");
    assertEquals(200, users.statusCode());
    assertTrue(users.body().contains("id=\"users\"") && users.body().contains(vera), "the admin sees the volunteers");
    HttpResponse<String> audit = admin.get("/inbox/admin/audit");
    assertEquals(200, audit.statusCode());
    assertTrue(audit.body().contains("id=\"audit\""), "the admin sees the audit log");
  }

  @Test
  void everyPostNeedsTheSessionsFormToken() throws Exception {
    InboxServer.Browser volunteer = server.browser();
    volunteer.login(server.account("Tok", Role.VOLUNTEER, "fr"), InboxServer.PASSWORD);
    assertNotNull(volunteer.csrf);
    for (InboxWeb.Route r : routes) {
      if (!r.method().equals("POST")) {
        continue;
      }
      String path = concrete(r.path());
      assertEquals(403, volunteer.post(path, Map.of("text", "x")).statusCode(), "no token: " + r);
      assertEquals(403, volunteer.post(path, Map.of("text", "x", "_csrf", "forged")).statusCode(), "wrong token: " + r);
    }
    // Another session's token is no good either.
    InboxServer.Browser other = server.browser();
    other.login(server.account("Other", Role.VOLUNTEER, "fr"), InboxServer.PASSWORD);
    assertEquals(403, volunteer.post("/inbox/me", Map.of("_csrf", other.csrf)).statusCode());
    assertEquals(303, volunteer.submit("/inbox/me", Map.of("languages", "ar")).statusCode(), "with the token it works");
  }

  @Test
  void theLoginFormNeedsItsTokenAndTheSessionCookieIsHttpOnlyAndLax() throws Exception {
    String email = server.account("Cookie", Role.VOLUNTEER, "fr");
    InboxServer.Browser b = server.browser();
    assertEquals(403, b.post("/login", Map.of("email", email, "password", InboxServer.PASSWORD)).statusCode());
    b.get("/login");
    HttpResponse<String> r = b.post("/login", Map.of("email", email, "password", InboxServer.PASSWORD, "_csrf",
        server.browser().get("/login").body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1")));
    assertEquals(403, r.statusCode(), "the token of another browser's form");

    HttpResponse<String> ok = b.login(email, InboxServer.PASSWORD);
    assertEquals(303, ok.statusCode());
    String setCookie = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("dalil_session="))
        .findFirst().orElseThrow();
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    assertFalse(setCookie.contains("Secure"), "plain http in this test: " + setCookie);

    assertEquals(303, b.submit("/logout", Map.of()).statusCode());
    assertEquals(302, b.get("/inbox").statusCode(), "signed out");
  }

  @Test
  void repeatedFailuresLockTheAccountEvenForTheRightPassword() throws Exception {
    String email = server.account("Locked", Role.VOLUNTEER, "fr");
    InboxServer.Browser b = server.browser();
    for (int i = 0; i < 4; i++) {
      assertEquals(401, b.login(email, "wrong password " + i).statusCode());
    }
    assertEquals(429, b.login(email, "wrong again").statusCode(), "the fifth failure locks");
    HttpResponse<String> locked = b.login(email, InboxServer.PASSWORD);
    assertEquals(429, locked.statusCode());
    assertTrue(locked.body().contains("id=\"login-error\""));
    InboxServer.Browser other = server.browser();
    assertEquals(303, other.login(server.account("Unlocked", Role.VOLUNTEER, "fr"), InboxServer.PASSWORD).statusCode(),
        "another account from the same address still signs in");
  }

  @Test
  void theSessionCookieIsSecureBehindHttps() throws Exception {
    try (InboxServer https = InboxServer.start(server.db, InboxServer.MINIMAL, Map.of("DALIL_PUBLIC_URL", "https://dalil.example.org"))) {
      String email = https.account("Secure", Role.VOLUNTEER, "fr");
      // A Secure cookie is not sent back over this test's plain http: the login cookie is passed by hand.
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(https.url("/login")))
          .build(), HttpResponse.BodyHandlers.ofString());
      String loginCookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("dalil_login="))
          .findFirst().orElseThrow();
      assertTrue(loginCookie.contains("Secure"), loginCookie);
      String token = loginCookie.substring("dalil_login=".length(), loginCookie.indexOf(';'));
      String form = "email=" + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8)
          + "&password=" + java.net.URLEncoder.encode(InboxServer.PASSWORD, java.nio.charset.StandardCharsets.UTF_8)
          + "&_csrf=" + token;
      HttpResponse<String> ok = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(https.url("/login")))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "dalil_login=" + token)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(303, ok.statusCode());
      String setCookie = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("dalil_session="))
          .findFirst().orElseThrow();
      assertTrue(setCookie.contains("Secure"), setCookie);
    }
  }
}
