package org.dalil.web.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.dalil.i18n.Catalog;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A volunteer whose session ran out reads why, in their language, from the shipped texts. */
class RefusalLanguageTest {
  private static TestDatabase db;
  private static InboxServer server;

  @BeforeAll
  static void start() {
    db = TestDatabases.create();
    server = InboxServer.start(db, Path.of("."), Map.of());
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

  @Test
  void anExpiredSessionIsExplainedInTheRequestsLanguage() throws Exception {
    Catalog texts = server.app.flowVersions().current().catalog();
    HttpClient http = HttpClient.newHttpClient();
    for (String lang : new String[] {"fr", "ar", "en"}) {
      HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(server.url("/inbox/me?lang=" + lang)))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("_csrf=x")).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertEquals(401, res.statusCode());
      assertEquals(texts.text("web.inbox.auth.sign_in_first", lang).orElseThrow(), res.body(), lang);
    }
  }
}
