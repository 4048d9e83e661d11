package org.dalil.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends the {@link Traffic}'s webhooks. Open loop: request i is due at start + i/rate whatever
 * happened before, and its latency is measured from that intended time (a stalled server is not
 * excused by the generator waiting for it: no coordinated omission). Closed loop: a fixed number
 * of senders, each sending as soon as its last answer came, for the saturation throughput.
 */
final class LoadGenerator {
  record Result(String name, double offeredRate, double seconds, long ok, long errors, Histogram latencyMicros) {
    double acceptedPerSecond() {
      return ok / seconds;
    }

    double ms(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /** The Twilio message SIDs of the webhooks answered 200: what Dalil acknowledged (the crash run). */
  /** The first exception a request ended with, for the report. */
  final java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();

  final java.util.Set<String> acceptedTwilioSids = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newVirtualThreadPerTaskExecutor())
      .build();

  Result openLoop(String name, Traffic traffic, ReplyTracker tracker, double rate, Duration duration) throws InterruptedException {
    announce(name, duration);
    Recorder latency = new Recorder(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    if (tracker != null) {
      tracker.newPhase();
    }
    long count = Math.round(rate * duration.toMillis() / 1000.0);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; i < count; i++) {
        long intended = start + (long) (i * 1e9 / rate);
        for (long now; (now = System.nanoTime()) < intended; ) {
          LockSupport.parkNanos(intended - now);
        }
        senders.execute(() -> send(traffic, tracker, intended, latency, ok, errors));
      }
      senders.shutdown();
      if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
        senders.shutdownNow();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(name, rate, seconds, ok.get(), errors.get(), latency.getIntervalHistogram());
  }

  Result closedLoop(String name, Traffic traffic, ReplyTracker tracker, int senders, Duration duration) throws InterruptedException {
    announce(name, duration);
    Recorder latency = new Recorder(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    if (tracker != null) {
      tracker.newPhase();
    }
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int s = 0; s < senders; s++) {
        pool.execute(() -> {
          while (System.nanoTime() < end) {
            send(traffic, tracker, System.nanoTime(), latency, ok, errors);
          }
        });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(name, 0, seconds, ok.get(), errors.get(), latency.getIntervalHistogram());
  }

  private void send(Traffic traffic, ReplyTracker tracker, long intended, Recorder latency, AtomicLong ok, AtomicLong errors) {
    Traffic.Contact c = traffic.take();
    try {
      if (tracker != null) {
        tracker.webhookSent(c.address(), intended);
      }
      HttpRequest request = traffic.request(c);
      HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        ok.incrementAndGet();
        String sid = traffic.sidOf(request);
        if (sid != null) {
          acceptedTwilioSids.add(sid);
        }
      } else {
        errors.incrementAndGet();
      }
    } catch (Exception e) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
      traffic.giveBack(c);
    }
  }

  /** A line on the console as a phase starts, to line up other tools' readings (perf, pg_stat_statements) with it. */
  private static void announce(String name, Duration duration) {
    if (!name.equals("warm-up")) {
      System.out.println("== " + name + " for " + duration.toSeconds() + " s, from " + java.time.Instant.now());
    }
  }
}
