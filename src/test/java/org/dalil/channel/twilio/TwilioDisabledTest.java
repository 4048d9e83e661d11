package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.dalil.config.ConfigException;
import org.dalil.web.TestServer;
import org.junit.jupiter.api.Test;

/** Without TWILIO_ACCOUNT_SID there are no Twilio routes; a half configuration stops start-up. */
class TwilioDisabledTest {

  @Test
  void theWebhooksAreNotServedWhenTwilioIsNotConfigured() throws Exception {
    try (TestServer server = TestServer.start(TestServer.MINIMAL_CONTENT, false)) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path : new String[] {TwilioWebhook.MESSAGES_PATH, TwilioWebhook.STATUS_PATH}) {
        Map<String, String> form = TwilioFixtures.load("sms.form");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.app.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioFixtures.signature(TwilioApiStandIn.AUTH_TOKEN, "http://localhost" + path, form))
                .POST(HttpRequest.BodyPublishers.ofString(TwilioFixtures.encode(form))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), path);
      }
    }
  }

  @Test
  void twilioWithoutAPublicUrlDoesNotStart() {
    ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(TestServer.MINIMAL_CONTENT, false,
        Map.of("TWILIO_ACCOUNT_SID", TwilioApiStandIn.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", "t",
            "TWILIO_SMS_FROM", "+212522000000")).close());
    assertTrue(e.getMessage().contains("DALIL_PUBLIC_URL"), e.getMessage());
  }
}
