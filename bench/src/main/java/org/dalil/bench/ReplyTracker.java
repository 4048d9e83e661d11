package org.dalil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Time from a webhook's intended send time to the first reply reaching the stand-in for that
 * contact, and every reply each contact received (to find duplicates and disorder).
 */
final class ReplyTracker {
  private final Map<String, Long> waitingSince = new ConcurrentHashMap<>();
  private final Map<String, List<String>> received = new ConcurrentHashMap<>();
  private final Recorder latency = new Recorder(3);
  /** Replies per contact since the tracker was made; never reset (see {@link #repliesTo}). */
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private volatile Consumer<String> onReply = address -> {};
  final AtomicLong replies = new AtomicLong();

  /** Called with the contact's address after each reply is counted. */
  void onReply(Consumer<String> listener) {
    this.onReply = listener;
  }

  /** How many replies the contact has received so far. */
  int repliesTo(String address) {
    AtomicInteger n = counts.get(address);
    return n == null ? 0 : n.get();
  }

  void webhookSent(String address, long intendedNanos) {
    waitingSince.putIfAbsent(address, intendedNanos);
  }

  void replied(String address, String body, long nowNanos) {
    replies.incrementAndGet();
    received.computeIfAbsent(address, k -> new ArrayList<>());
    List<String> list = received.get(address);
    synchronized (list) {
      list.add(body);
    }
    Long since = waitingSince.remove(address);
    if (since != null) {
      latency.recordValue(Math.max(0, (nowNanos - since) / 1_000));
    }
    counts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    onReply.accept(address);
  }

  /**
   * A new phase: webhooks of the last one that got no reply (a handoff waits for a volunteer) must
   * not be charged to the next reply their contact gets.
   */
  void newPhase() {
    waitingSince.clear();
    latency.reset();
  }

  /** The reply latencies (µs) since the last call. */
  Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }

  int waiting() {
    return waitingSince.size();
  }

  Map<String, List<String>> received() {
    return received;
  }

  void reset() {
    waitingSince.clear();
    received.clear();
    latency.reset();
    replies.set(0);
  }
}
