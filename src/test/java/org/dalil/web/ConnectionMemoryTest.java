package org.dalil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.javalin.Javalin;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * What Dalil's server keeps per open connection. Jetty's default header cache (about 96 KB per
 * kept-alive connection) held 400 MB after a burst from a client with thousands of connections
 * open (issue 9, bench/RESULTS.md); Dalil's server runs without it.
 */
class ConnectionMemoryTest {
  private static final Readiness READY = new Readiness() {
    @Override
    public boolean databaseReachable() {
      return true;
    }

    @Override
    public String flowVersion() {
      return "test";
    }
  };

  @Test
  void noConnectorKeepsAHeaderCachePerConnection() {
    Javalin app = new Routes(READY, null, null, null).server().start(0);
    try {
      List<HttpConnectionFactory> factories = List.of(app.jettyServer().server().getConnectors()).stream()
          .map((Connector c) -> c.getConnectionFactory(HttpConnectionFactory.class))
          .filter(f -> f != null)
          .toList();
      assertFalse(factories.isEmpty(), "no HTTP connector");
      for (HttpConnectionFactory f : factories) {
        assertEquals(0, f.getHttpConfiguration().getHeaderCacheSize());
      }
    } finally {
      app.stop();
    }
  }
}
