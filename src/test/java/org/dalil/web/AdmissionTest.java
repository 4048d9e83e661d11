package org.dalil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A burst far over capacity on a message route: beyond those handled and those waiting, requests
 * are refused with 503 at once instead of queuing behind thousands of others; the others are all
 * answered; other routes are not held up (issue 9).
 */
class AdmissionTest {
  private static final int ACTIVE = 8;
  private static final int WAITING = 4;
  private static final int BURST = 60;

  @Test
  void beyondTheActiveAndTheWaitingRequestsAreRefusedAtOnceAndTheOthersAnswered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch allActive = new CountDownLatch(ACTIVE);
    AtomicInteger handled = new AtomicInteger();
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.modifyServletContextHandler(context -> context.insertHandler(
          new Admission(Set.of("/messages"), ACTIVE, WAITING, Duration.ofSeconds(20))));
      config.routes.post("/messages", ctx -> {
        allActive.countDown();
        release.await(30, TimeUnit.SECONDS);
        handled.incrementAndGet();
        ctx.result("stored");
      });
      config.routes.get("/other", ctx -> ctx.result("fine"));
    }).start(0);
    try (HttpClient client = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + app.port();
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        sent.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/messages")).timeout(Duration.ofSeconds(25))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()));
      }
      allActive.await(10, TimeUnit.SECONDS);
      // While every slot is held: the excess is refused now, and another route still answers.
      long refusedEarly = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && refusedEarly < BURST - ACTIVE - WAITING) {
        refusedEarly = sent.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()
            && f.join().statusCode() == 503).count();
        Thread.sleep(20);
      }
      assertEquals(BURST - ACTIVE - WAITING, refusedEarly, "refused while every slot was held");
      HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, other.statusCode());

      release.countDown();
      int stored = 0;
      for (CompletableFuture<HttpResponse<String>> f : sent) {
        HttpResponse<String> r = f.get(25, TimeUnit.SECONDS);
        if (r.statusCode() == 200) {
          assertEquals("stored", r.body());
          stored++;
        } else {
          assertEquals(503, r.statusCode());
          assertEquals(Admission.RETRY_AFTER_SECONDS, r.headers().firstValue("Retry-After").orElse(null));
        }
      }
      assertEquals(ACTIVE + WAITING, stored, "every request let in is answered");
      assertEquals(stored, handled.get());
    } finally {
      app.stop();
    }
  }
}
