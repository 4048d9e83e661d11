package org.dalil.web.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;
import org.dalil.web.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one PostgreSQL: a browser on one sees, live, what happens on the other
 * (LISTEN/NOTIFY), and two volunteers claiming at once on the two get one owner.
 */
class InboxTwoInstancesTest {
  private static TestDatabase db;
  private static InboxServer a;
  private static InboxServer b;

  @BeforeAll
  static void start() {
    db = TestDatabases.create();
    a = InboxServer.start(db, InboxServer.MINIMAL, Map.of());
    b = InboxServer.start(db, InboxServer.MINIMAL, Map.of());
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void anEventOnOneInstanceReachesABrowserOnTheOther() throws Exception {
    InboxServer.Browser volunteer = b.browser();
    volunteer.login(b.account("Listener", Role.VOLUNTEER, "fr"), InboxServer.PASSWORD);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    CountDownLatch connected = new CountDownLatch(1);
    HttpResponse<InputStream> stream = volunteer.http.send(
        HttpRequest.newBuilder(URI.create(b.url("/inbox/events"))).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          connected.countDown();
          if (line.startsWith("data:")) {
            events.add(line.substring(5).strip());
          }
        }
      } catch (Exception e) {
        // the stream ends with the test
      }
    });
    assertTrue(connected.await(10, TimeUnit.SECONDS), "the stream says hello");

    a.contactWrites("two-instances", "humain");
    String event = events.poll(10, TimeUnit.SECONDS);
    assertTrue(event != null && event.contains("\"kind\":\"opened\""), String.valueOf(event));
    assertTrue(!event.contains("two-instances"), "ids only, never an address: " + event);
    a.contactWrites("two-instances", "vous êtes là ?");
    String message = events.poll(10, TimeUnit.SECONDS);
    assertTrue(message != null && message.contains("\"kind\":\"message\""), String.valueOf(message));
    reader.interrupt();
  }

  @Test
  void twoVolunteersClaimingOnTwoInstancesGiveOneOwner() throws Exception {
    a.contactWrites("race", "humain");
    long handoff = db.database().jdbi().withHandle(h -> h.select(
        "SELECT h.id FROM handoffs h JOIN contacts c ON c.id = h.contact_id WHERE c.address_hash = ANY(:a) AND h.closed_at IS NULL")
        .bind("a", TestDatabases.addressHashes("race"))
        .mapTo(Long.class).one());
    List<InboxServer.Browser> browsers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      InboxServer s = i % 2 == 0 ? a : b;
      InboxServer.Browser x = s.browser();
      x.login(s.account("Racer" + i, Role.VOLUNTEER, "fr"), InboxServer.PASSWORD);
      browsers.add(x);
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<String> locations = java.util.Collections.synchronizedList(new ArrayList<>());
    for (InboxServer.Browser x : browsers) {
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          go.await();
          locations.add(x.submit("/inbox/c/" + handoff + "/claim", Map.of()).headers().firstValue("Location").orElse(""));
        } catch (Exception e) {
          locations.add("error " + e);
        }
      }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(1, locations.stream().filter(l -> l.endsWith("notice=ok_claimed")).count(), locations.toString());
    assertEquals(5, locations.stream().filter(l -> l.endsWith("notice=already_claimed")).count(), locations.toString());
    // The loser's page names who has it.
    InboxServer.Browser loser = browsers.stream().filter(x -> true).findFirst().orElseThrow();
    String page = loser.get("/inbox/c/" + handoff + "?notice=already_claimed").body();
    assertTrue(page.contains("id=\"notice\""), page);
  }
}
