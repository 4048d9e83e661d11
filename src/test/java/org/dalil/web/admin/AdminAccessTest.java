package org.dalil.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.dalil.admin.FlowFiles;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;
import org.dalil.web.auth.Role;
import org.dalil.web.inbox.InboxWeb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Only admins reach the content pages, every form needs its token, and two admins never overwrite each other. */
class AdminAccessTest {
  private static TestDatabase db;
  private static AdminServer server;

  @BeforeAll
  static void start() {
    db = TestDatabases.create();
    server = AdminServer.start(db);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private static final List<String[]> ROUTES = List.of(
      new String[] {"GET", "/inbox/admin/flows"}, new String[] {"POST", "/inbox/admin/flows/publish"},
      new String[] {"POST", "/inbox/admin/flows/rollback"}, new String[] {"POST", "/inbox/admin/flows/reset"},
      new String[] {"GET", "/inbox/admin/flows/versions/1"}, new String[] {"GET", "/inbox/admin/flows/export"},
      new String[] {"POST", "/inbox/admin/flows/import"}, new String[] {"GET", "/inbox/admin/flows/file?path=flows/main.yaml"},
      new String[] {"POST", "/inbox/admin/flows/file"}, new String[] {"POST", "/inbox/admin/flows/validate"},
      new String[] {"GET", "/inbox/admin/flows/diagram"}, new String[] {"GET", "/inbox/admin/vendor/cytoscape.min.js"},
      new String[] {"GET", "/inbox/admin/directory"}, new String[] {"POST", "/inbox/admin/directory"},
      new String[] {"GET", "/inbox/admin/settings"}, new String[] {"POST", "/inbox/admin/settings"},
      new String[] {"GET", "/inbox/admin/texts"}, new String[] {"POST", "/inbox/admin/texts"},
      new String[] {"GET", "/inbox/admin/preview"}, new String[] {"POST", "/inbox/admin/preview/messages"});

  @Test
  void everyRouteIsListedHere() {
    // If a route is added, it must be added to ROUTES so that the checks below cover it.
    AdminWeb web = new AdminWeb(server.app.flowAdmin(), server.app.flowVersions(), null, java.time.ZoneOffset.UTC);
    io.javalin.Javalin.create(c -> web.register(c.routes));
    List<String> registered = web.routes().stream().map(r -> r.method() + " " + r.path()).sorted().toList();
    List<String> listed = ROUTES.stream().map(r -> r[0] + " " + r[1].replaceAll("\\?.*", "").replace("/1", "/{id}"))
        .sorted().toList();
    assertEquals(registered, listed);
  }

  @Test
  void anonymousUsersAreSentToTheLoginOrRefused() throws Exception {
    AdminServer.Client anonymous = server.client();
    for (String[] r : ROUTES) {
      HttpResponse<String> res = r[0].equals("GET") ? anonymous.get(r[1]) : anonymous.post(r[1], Map.of());
      if (r[0].equals("GET")) {
        assertEquals(302, res.statusCode(), r[1]);
        assertTrue(res.headers().firstValue("Location").orElse("").startsWith("/login"), r[1]);
      } else {
        assertEquals(401, res.statusCode(), r[1]);
      }
    }
  }

  @Test
  void volunteersAreRefused() throws Exception {
    AdminServer.Client volunteer = server.client();
    volunteer.login(server.account("Vol", Role.VOLUNTEER));
    for (String[] r : ROUTES) {
      HttpResponse<String> res = r[0].equals("GET") ? volunteer.get(r[1]) : volunteer.submit(r[1], Map.of());
      assertEquals(403, res.statusCode(), r[1]);
    }
  }

  @Test
  void everyFormNeedsItsToken() throws Exception {
    AdminServer.Client admin = server.client();
    admin.login(server.account("Adm", Role.ADMIN));
    String before = server.app.flowVersions().current().version();
    for (String[] r : ROUTES) {
      if (r[0].equals("POST")) {
        HttpResponse<String> res = admin.post(r[1], Map.of("revision", "0", "key", "main.bye", "lang", "ar",
            "text", "x", "path", "flows/main.yaml", "version", before));
        assertEquals(403, res.statusCode(), r[1]);
      }
    }
    HttpResponse<String> upload = admin.upload("/inbox/admin/flows/import", "file", "c.zip",
        FlowFiles.zip(Map.of("i18n/fr.properties", "a=b\n")), false);
    assertEquals(403, upload.statusCode());
    assertEquals(before, server.app.flowVersions().current().version());
  }

  @Test
  void twoAdminsEditingAtOnceDoNotOverwriteEachOther() throws Exception {
    AdminServer.Client first = server.client();
    first.login(server.account("First", Role.ADMIN));
    AdminServer.Client second = server.client();
    second.login(server.account("Second", Role.ADMIN));
    String revision = String.valueOf(server.app.flowAdmin().draft().revision());

    HttpResponse<String> a = first.submit("/inbox/admin/texts",
        Map.of("revision", revision, "key", "welcome.start", "lang", "en", "text", "Hello from the first admin"));
    HttpResponse<String> b = second.submit("/inbox/admin/texts",
        Map.of("revision", revision, "key", "welcome.start", "lang", "en", "text", "Hello from the second admin"));

    assertEquals(303, a.statusCode());
    assertTrue(a.headers().firstValue("Location").orElseThrow().contains("notice=ok_saved"));
    assertTrue(b.headers().firstValue("Location").orElseThrow().contains("notice=conflict"));
    HttpResponse<String> page = second.get(b.headers().firstValue("Location").orElseThrow());
    assertTrue(page.body().contains("Un autre admin a enregistré le brouillon"), page.body());
    String draft = server.app.flowAdmin().draft().sources().get("i18n/en.properties");
    assertTrue(draft.contains("Hello from the first admin"));
    assertFalse(draft.contains("Hello from the second admin"));

    // A file saved from a stale revision answers 409 and keeps what the admin typed.
    HttpResponse<String> stale = second.submit("/inbox/admin/flows/file",
        Map.of("revision", revision, "path", "flows/main.yaml", "text", "flow: main\n# mine\n"));
    assertEquals(409, stale.statusCode());
    assertTrue(stale.body().contains("# mine"));
  }

  @Test
  void anUploadedZipGoesIntoTheDraftAndAVersionDownloadsAsAZip() throws Exception {
    AdminServer.Client admin = server.client();
    admin.login(server.account("Zip", Role.ADMIN));
    HttpResponse<byte[]> zip = admin.http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(server.url("/inbox/admin/flows/export"))).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, zip.statusCode());
    Map<String, String> sources = FlowFiles.unzip(zip.body());
    assertEquals(server.app.flowVersions().current().sources(), sources);

    admin.get("/inbox/admin/flows");
    HttpResponse<String> r = admin.upload("/inbox/admin/flows/import", "file", "content.zip", zip.body(), true);
    assertEquals(303, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Location").orElseThrow().contains("ok_imported"));
    assertEquals(sources, server.app.flowAdmin().draft().sources());
  }

  @Test
  void settingsAreCheckedThenStoredAndAudited() throws Exception {
    AdminServer.Client admin = server.client();
    admin.login(server.account("Settings", Role.ADMIN));
    admin.get("/inbox/admin/settings");
    HttpResponse<String> bad = admin.submit("/inbox/admin/settings",
        Map.of("opening_hours", "mon-fri 09:00-18:00", "expected_wait", "a quarter of an hour"));
    assertEquals(422, bad.statusCode());
    assertTrue(bad.body().contains("data-row=\"expected_wait\""), bad.body());
    assertFalse(org.dalil.admin.SettingsForm.stored(db.database().jdbi()).get("opening_hours").contains("mon-fri"));

    HttpResponse<String> ok = admin.submit("/inbox/admin/settings",
        Map.of("opening_hours", "mon-sat 10:00-17:00", "expected_wait", "PT20M"));
    assertEquals(303, ok.statusCode());
    Map<String, String> stored = org.dalil.admin.SettingsForm.stored(db.database().jdbi());
    assertEquals("mon-sat 10:00-17:00", stored.get("opening_hours"));
    assertEquals("PT20M", stored.get("expected_wait"));
    assertEquals(java.time.Duration.ofMinutes(20), server.app.inbox().service() == null ? null
        : org.dalil.handoff.InboxJobs.storedSettings(db.database().jdbi(),
            org.dalil.handoff.InboxSettings.from(Map.of())).get().expectedWait());
    assertEquals(org.dalil.audit.AuditAction.MANAGE_SETTINGS, db.database().jdbi()
        .withExtension(org.dalil.audit.AuditLog.class, l -> l.latest(1)).get(0).action());
  }

  @Test
  void anOrganisationIsAddedAndDeactivatedInTheDraftAndPublishedIntoTheLookup() throws Exception {
    AdminServer.Client admin = server.client();
    admin.login(server.account("Directory", Role.ADMIN));
    admin.get("/inbox/admin/directory");
    String revision = String.valueOf(server.app.flowAdmin().draft().revision());
    HttpResponse<String> added = admin.submit("/inbox/admin/directory", Map.of("revision", revision,
        "id", "nador_aide", "name", "Aide Nador: accueil", "cities", "all", "topics", "health, services",
        "languages", "fr ar", "phone", "+212 5 00 00 00 00", "active", "true"));
    assertTrue(added.headers().firstValue("Location").orElseThrow().contains("ok_saved"));
    org.dalil.admin.PublishResult published = server.app.flowAdmin().publish(null,
        server.app.flowAdmin().draft().revision());
    assertTrue(published instanceof org.dalil.admin.PublishResult.Published, published.toString());
    org.dalil.directory.Organisation o = server.app.flowVersions().current().directory().byId("nador_aide").orElseThrow();
    assertEquals("Aide Nador: accueil", o.name());
    assertEquals(List.of("health", "services"), o.topics());
    assertEquals("+212 5 00 00 00 00", o.contacts().get("phone"));
    assertTrue(o.active());
    assertTrue(server.app.flowVersions().current().directory().find("health", "rabat").stream()
        .anyMatch(x -> x.id().equals("nador_aide")));

    admin.get("/inbox/admin/directory");
    admin.submit("/inbox/admin/directory", Map.of("revision", String.valueOf(server.app.flowAdmin().draft().revision()),
        "id", "nador_aide", "name", "Aide Nador: accueil", "cities", "all", "topics", "health", "active", "false"));
    server.app.flowAdmin().publish(null, server.app.flowAdmin().draft().revision());
    org.dalil.directory.Organisation off = server.app.flowVersions().current().directory().byId("nador_aide").orElseThrow();
    assertFalse(off.active());
    assertEquals("+212 5 00 00 00 00", off.contacts().get("phone"));
    assertTrue(server.app.flowVersions().current().directory().find("health", "rabat").stream()
        .noneMatch(x -> x.id().equals("nador_aide")));
  }

  @Test
  void everyPageIsLabelledInTheAdminsLanguageWithArabicRightToLeft() throws Exception {
    String email = server.account("Labels", Role.ADMIN);
    AdminServer.Client admin = server.client();
    admin.login(email);
    for (String lang : List.of("fr", "ar", "en")) {
      db.database().jdbi().useExtension(org.dalil.web.auth.VolunteerDao.class,
          d -> d.setUiLanguage(d.findByEmail(email).orElseThrow().id(), lang));
      for (String[] r : ROUTES) {
        if (r[0].equals("GET") && !r[1].contains("vendor") && !r[1].contains("export")) {
          // The translations table lists keys as content: show a group without the web pages' keys.
          HttpResponse<String> page = admin.get(r[1].equals("/inbox/admin/texts") ? r[1] + "?group=main" : r[1]);
          assertEquals(200, page.statusCode(), r[1]);
          // A label without text shows as its bare key (diffs may quote keys inside file lines: not matched).
          assertFalse(java.util.regex.Pattern.compile("[>\"]web\\.(admin|inbox)\\.[a-z_.]+[<\"]").matcher(page.body()).find(),
              lang + " " + r[1] + " shows a key without text");
          assertTrue(page.body().contains("<html lang=\"" + lang + "\" dir=\"" + (lang.equals("ar") ? "rtl" : "ltr") + "\">"),
              lang + " " + r[1]);
        }
      }
    }
  }
}
