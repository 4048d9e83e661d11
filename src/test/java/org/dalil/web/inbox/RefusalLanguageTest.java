package org.dalil.web.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.dalil.i18n.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A volunteer whose session ran out reads why, in their language, from the shipped texts. */
class RefusalLanguageTest {
  private static InboxServer server;

  @BeforeAll
  static void start() {
    server = InboxServer.onNewDatabase(InboxServer.SHIPPED);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
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
