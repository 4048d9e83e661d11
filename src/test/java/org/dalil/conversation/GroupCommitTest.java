package org.dalil.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batching of concurrent requests, with plain threads: which items share a batch, and what a failure does. */
class GroupCommitTest {
  /** An item: its key (the contact) and a name. */
  private record Item(String key, String name) {}

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
  private final List<String> ranAlone = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  /** Records each batch; a batch holding "hold" waits for {@link #release}; one holding "bad" fails whole. */
  private GroupCommit<Item, String> groupCommit(int maxBatchSize, int maxBatches) {
    return new GroupCommit<>(items -> {
      List<String> names = items.stream().map(Item::name).toList();
      batches.add(names);
      if (names.contains("hold")) {
        await(release);
      }
      if (names.contains("bad")) {
        throw new IllegalStateException("one bad item");
      }
      return names.stream().map(n -> "done " + n).toList();
    }, item -> {
      ranAlone.add(item.name());
      if (item.name().equals("bad")) {
        throw new IllegalStateException("bad alone too");
      }
      return "alone " + item.name();
    }, Item::key, maxBatchSize, maxBatches);
  }

  private Future<String> submit(GroupCommit<Item, String> group, String key, String name) {
    return callers.submit(() -> group.submit(new Item(key, name)));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.sleep(5);
    }
  }

  @Test
  void aLoneItemIsItsOwnBatchAndWaitsForNobody() {
    GroupCommit<Item, String> group = groupCommit(32, 1);
    assertEquals("done a", group.submit(new Item("k1", "a")));
    assertEquals(List.of(List.of("a")), batches);
  }

  /**
   * A held batch ("hold", key k0) runs while m1..m5 (keys k1..k5) are queued one after the other;
   * then the hold is released and every result is checked.
   */
  private void fiveQueuedBehindAHeldBatch(GroupCommit<Item, String> group) throws Exception {
    Future<String> first = submit(group, "k0", "hold");
    waitUntil(() -> batches.size() == 1);
    List<Future<String>> queued = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      queued.add(submit(group, "k" + i, "m" + i));
      int expected = i;
      waitUntil(() -> group.queued() == expected);
    }
    release.countDown();
    assertEquals("done hold", first.get(10, TimeUnit.SECONDS));
    for (int i = 1; i <= 5; i++) {
      assertEquals("done m" + i, queued.get(i - 1).get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void itemsQueuedWhileTheBatchesRunShareTheNextOne() throws Exception {
    fiveQueuedBehindAHeldBatch(groupCommit(32, 1));
    assertEquals(List.of(List.of("hold"), List.of("m1", "m2", "m3", "m4", "m5")), batches);
  }

  @Test
  void aBatchHoldsAtMostMaxBatchSizeItems() throws Exception {
    fiveQueuedBehindAHeldBatch(groupCommit(2, 1));
    assertEquals(List.of(List.of("hold"), List.of("m1", "m2"), List.of("m3", "m4"), List.of("m5")), batches);
  }

  @Test
  void theItemsOfOneKeyNeverShareABatchNorRunAtOnceAndKeepTheirOrder() throws Exception {
    GroupCommit<Item, String> group = groupCommit(32, 2);
    Future<String> first = submit(group, "contact", "hold");
    waitUntil(() -> batches.size() == 1);
    List<Future<String>> queued = new ArrayList<>();
    queued.add(submit(group, "contact", "second"));
    waitUntil(() -> group.queued() == 1);
    queued.add(submit(group, "contact", "third"));
    waitUntil(() -> group.queued() == 2);
    // Another contact's message does not wait for them: a second batch may run beside the first.
    assertEquals("done other", group.submit(new Item("someone else", "other")));
    assertEquals(2, group.queued());

    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<String> f : queued) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertEquals(List.of(List.of("hold"), List.of("other"), List.of("second"), List.of("third")), batches);
  }

  @Test
  void aFailedBatchRunsEachItemAloneSoThatOnlyTheBadOneFails() throws Exception {
    GroupCommit<Item, String> group = groupCommit(32, 1);
    Future<String> first = submit(group, "k0", "hold");
    waitUntil(() -> batches.size() == 1);
    Future<String> good = submit(group, "k1", "good");
    waitUntil(() -> group.queued() == 1);
    Future<String> bad = submit(group, "k2", "bad");
    waitUntil(() -> group.queued() == 2);
    release.countDown();

    assertEquals("done hold", first.get(10, TimeUnit.SECONDS));
    assertEquals("alone good", good.get(10, TimeUnit.SECONDS));
    ExecutionException failed = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertEquals("bad alone too", failed.getCause().getMessage());
    assertEquals(List.of(List.of("hold"), List.of("good", "bad")), batches);
    assertEquals(List.of("bad", "good"), ranAlone.stream().sorted().toList());
    // Nothing is left busy: the same contacts are batched again.
    assertEquals("done again", group.submit(new Item("k1", "again")));
  }
}
