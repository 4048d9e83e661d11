package org.dalil.web;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission control for the routes that store messages: at most {@code maxActive} handled at
 * once, at most {@code maxWaiting} more waiting (without a thread) for up to {@code maxWait};
 * beyond, 503 at once. Without it, a burst far over capacity queued thousands of requests in
 * Jetty, handled long after their senders had given up, so that accepted throughput fell to a
 * third and the queue held hundreds of megabytes (issue 9, bench/RESULTS.md). Telegram sends a
 * refused update again; Twilio calls the number's fallback URL (README).
 *
 * <p>Other routes (the inbox and its live updates, health checks, pages) are not counted: a
 * volunteer's open event stream must not take a webhook's place.
 */
final class Admission extends QoSHandler {
  private static final Logger log = LoggerFactory.getLogger(Admission.class);
  /** Seconds a refused sender is asked to wait before sending again. */
  static final String RETRY_AFTER_SECONDS = "5";
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  /** @param paths the message routes, exactly; at least one (with none, every route would be counted) */
  Admission(Set<String> paths, int maxActive, int maxWaiting, Duration maxWait) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no route to count");
    }
    includePath(paths.toArray(String[]::new));
    setMaxRequestCount(maxActive);
    setMaxSuspendedRequestCount(maxWaiting);
    setMaxSuspend(maxWait);
    setRejectStatusCode(503);
  }

  /** Too many waiting already. */
  @Override
  protected void reject(Request request, Response response, Callback callback, int status) {
    refused(response);
    super.reject(request, response, callback, status);
  }

  /** Waited too long. */
  @Override
  protected void failSuspended(Request request, Response response, Callback callback, int status, Throwable failure) {
    refused(response);
    super.failSuspended(request, response, callback, status, failure);
  }

  private void refused(Response response) {
    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
    long count = refusedSinceLog.incrementAndGet();
    long last = lastLog.get();
    long now = System.nanoTime();
    // One line per 10 s at most: an overload refuses thousands a second.
    if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
      log.warn("overload: {} message requests refused with 503 in the last {} s ({} waiting)",
          refusedSinceLog.getAndSet(0), (now - last) / 1_000_000_000L, getSuspendedRequestCount());
    }
  }
}
