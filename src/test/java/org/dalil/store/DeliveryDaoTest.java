package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendResult;
import org.dalil.store.DeliveryDao.Update;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeliveryDaoTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  private Jdbi jdbi() {
    return db.database().jdbi();
  }

  /** A reply queued in the outbox and claimed: {messageId, outboxId, attempts}. */
  private long[] claimedReply(String channel) {
    long contact = jdbi().withExtension(ContactDao.class, d -> d.upsert(channel, "+2126" + UUID.randomUUID()));
    OutboundMessage m = new OutboundMessage("Bonjour", List.of(), "fr");
    long[] ids = jdbi().inTransaction(h -> {
      long inbound = h.attach(MessageDao.class).insertInbound(contact, channel, UUID.randomUUID().toString(), "hi").orElseThrow();
      long message = h.attach(MessageDao.class).insertOutbound(contact, channel, m.asPlainText(), inbound);
      long row = h.attach(OutboxDao.class).insert(message, contact, channel, m);
      return new long[] {message, row};
    });
    List<OutboxRow> claimed = jdbi().withExtension(OutboxDao.class, d -> d.claim(channel, 10, 60_000));
    assertEquals(1, claimed.size());
    return new long[] {ids[0], ids[1], claimed.getFirst().attempts()};
  }

  private long sentReply(String channel, String providerId, DeliveryStatus first) {
    long[] reply = claimedReply(channel);
    assertEquals(true, jdbi().withExtension(OutboxDao.class,
        d -> d.markSent(reply[1], (int) reply[2], channel, new SendResult(providerId, 1, first))));
    return reply[0];
  }

  private Update callback(String channel, String providerId, DeliveryStatus status, String errorCode) {
    return jdbi().withExtension(DeliveryDao.class, d -> d.updateDeliveryStatus(channel, providerId, status, errorCode));
  }

  private Delivery delivery(long messageId) {
    return jdbi().withExtension(DeliveryDao.class, d -> d.find(messageId)).orElseThrow();
  }

  private static String channel() {
    return "test-" + UUID.randomUUID();
  }

  @Test
  void markingSentRecordsWhatTheProviderSaid() {
    String channel = channel();
    long[] reply = claimedReply(channel);
    jdbi().useExtension(OutboxDao.class, d -> d.markSent(reply[1], (int) reply[2], channel, new SendResult("SM-a", 3)));
    Delivery d = delivery(reply[0]);
    assertEquals("SM-a", d.providerMessageId());
    assertEquals(3, d.segments());
    assertEquals(DeliveryStatus.QUEUED, d.status());
    assertNull(d.errorCode());
    assertEquals(List.of(d), jdbi().withExtension(DeliveryDao.class, x -> x.findByProviderId(channel, "SM-a")));
  }

  @Test
  void aStatusNeverMovesBackwards() {
    String channel = channel();
    long message = sentReply(channel, "SM-b", DeliveryStatus.QUEUED);

    assertEquals(Update.UPDATED, callback(channel, "SM-b", DeliveryStatus.SENT, null));
    assertEquals(Update.UPDATED, callback(channel, "SM-b", DeliveryStatus.DELIVERED, null));
    assertEquals(Update.NOT_NEWER, callback(channel, "SM-b", DeliveryStatus.SENT, null), "a late 'sent'");
    assertEquals(Update.NOT_NEWER, callback(channel, "SM-b", DeliveryStatus.QUEUED, null));
    assertEquals(Update.NOT_NEWER, callback(channel, "SM-b", DeliveryStatus.DELIVERED, null), "a repeated callback");
    assertEquals(Update.NOT_NEWER, callback(channel, "SM-b", DeliveryStatus.UNDELIVERED, "30003"));
    assertEquals(DeliveryStatus.DELIVERED, delivery(message).status());
    assertNull(delivery(message).errorCode());

    assertEquals(Update.UPDATED, callback(channel, "SM-b", DeliveryStatus.READ, null));
    assertEquals(Update.NOT_NEWER, callback(channel, "SM-b", DeliveryStatus.DELIVERED, null));
    assertEquals(DeliveryStatus.READ, delivery(message).status());
  }

  @Test
  void aFailureKeepsTheProvidersErrorCode() {
    String channel = channel();
    long message = sentReply(channel, "SM-c", DeliveryStatus.QUEUED);
    assertEquals(Update.UPDATED, callback(channel, "SM-c", DeliveryStatus.SENT, null));
    assertEquals(Update.UPDATED, callback(channel, "SM-c", DeliveryStatus.UNDELIVERED, "30003"));
    assertEquals(Update.NOT_NEWER, callback(channel, "SM-c", DeliveryStatus.FAILED, "30008"), "same rank: first one stays");
    Delivery d = delivery(message);
    assertEquals(DeliveryStatus.UNDELIVERED, d.status());
    assertEquals("30003", d.errorCode());
  }

  @Test
  void theSameProviderIdOnAnotherChannelIsAnotherMessage() {
    String channel = channel();
    long message = sentReply(channel, "42", DeliveryStatus.SENT);
    String other = channel();
    long otherMessage = sentReply(other, "42", DeliveryStatus.SENT);
    assertEquals(Update.UPDATED, callback(other, "42", DeliveryStatus.DELIVERED, null));
    assertEquals(DeliveryStatus.SENT, delivery(message).status());
    assertEquals(DeliveryStatus.DELIVERED, delivery(otherMessage).status());
  }

  @Test
  void aCallbackFasterThanOurCommitIsAppliedWhenTheIdIsRecorded() {
    String channel = channel();
    assertEquals(Update.KEPT_FOR_LATER, callback(channel, "SM-d", DeliveryStatus.SENT, null));
    assertEquals(Update.KEPT_FOR_LATER, callback(channel, "SM-d", DeliveryStatus.DELIVERED, null));
    long message = sentReply(channel, "SM-d", DeliveryStatus.QUEUED);
    assertEquals(DeliveryStatus.DELIVERED, delivery(message).status(), "the later of the two early callbacks");
    assertEquals(0, (int) jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM delivery_receipts WHERE channel = :c").bind("c", channel).mapTo(Integer.class).one()));
  }

  @Test
  void callbacksInAnyOrderAndAtOnceEndOnTheLatestStatus() throws Exception {
    List<DeliveryStatus> statuses = List.of(DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);
    Random random = new Random(7);
    try (ExecutorService threads = Executors.newFixedThreadPool(5)) {
      for (int round = 0; round < 15; round++) {
        String channel = channel();
        String providerId = "SM-race-" + round;
        long[] reply = claimedReply(channel);
        List<DeliveryStatus> shuffled = new ArrayList<>(statuses);
        Collections.shuffle(shuffled, random);
        // The recording of the id races with the callbacks, as a fast provider makes it.
        CyclicBarrier start = new CyclicBarrier(shuffled.size() + 1);
        List<Future<?>> done = new ArrayList<>();
        for (DeliveryStatus s : shuffled) {
          done.add(threads.submit(() -> {
            start.await();
            return callback(channel, providerId, s, null);
          }));
        }
        done.add(threads.submit(() -> {
          start.await();
          return jdbi().withExtension(OutboxDao.class,
              d -> d.markSent(reply[1], (int) reply[2], channel, new SendResult(providerId, 1)));
        }));
        for (Future<?> f : done) {
          f.get();
        }
        assertEquals(DeliveryStatus.READ, delivery(reply[0]).status(), "round " + round + ": " + shuffled);
      }
    }
  }

  @Test
  void givingUpMarksTheMessageFailedWithTheCode() {
    String channel = channel();
    long[] reply = claimedReply(channel);
    jdbi().useExtension(OutboxDao.class, d -> d.markFailed(reply[1], (int) reply[2], "21610", "21610: the recipient unsubscribed"));
    Delivery d = delivery(reply[0]);
    assertEquals(DeliveryStatus.FAILED, d.status());
    assertEquals("21610", d.errorCode());
    OutboxRow row = jdbi().withExtension(OutboxDao.class, x -> x.find(reply[1])).orElseThrow();
    assertEquals(OutboxStatus.FAILED, row.status());
    assertEquals("21610: the recipient unsubscribed", row.lastError());
  }

  @Test
  void providerStatusNamesMapToDeliveryStatuses() {
    assertEquals(DeliveryStatus.QUEUED, DeliveryStatus.fromProvider("accepted").orElseThrow());
    assertEquals(DeliveryStatus.QUEUED, DeliveryStatus.fromProvider("sending").orElseThrow());
    assertEquals(DeliveryStatus.SENT, DeliveryStatus.fromProvider("sent").orElseThrow());
    assertEquals(DeliveryStatus.DELIVERED, DeliveryStatus.fromProvider("Delivered").orElseThrow());
    assertEquals(DeliveryStatus.READ, DeliveryStatus.fromProvider("read").orElseThrow());
    assertEquals(DeliveryStatus.UNDELIVERED, DeliveryStatus.fromProvider("undelivered").orElseThrow());
    assertEquals(DeliveryStatus.FAILED, DeliveryStatus.fromProvider("canceled").orElseThrow());
    assertEquals(true, DeliveryStatus.fromProvider("received").isEmpty());
    assertEquals(List.of(DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED),
        DeliveryStatus.DELIVERED.replaces());
  }
}
