package org.dalil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With an external database the simulator is off unless asked for: its routes do not exist. */
class SimulatorDisabledTest {
  @Test
  void simulatorRoutesAreAbsentWhenDisabled() throws Exception {
    try (TestServer server = TestServer.start(TestServer.MINIMAL_CONTENT, false)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url("/simulator"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, page.statusCode());
      HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(server.url("/api/simulator/messages")))
          .POST(HttpRequest.BodyPublishers.ofString("{\"contact\":\"a\",\"text\":\"1\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, api.statusCode());
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.url("/health"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
    }
  }
}
