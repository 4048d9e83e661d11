package org.dalil.web;

import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.server.handler.QoSHandler;

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
}
