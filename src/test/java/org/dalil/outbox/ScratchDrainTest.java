package org.dalil.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendResult;
import org.dalil.store.ContactDao;
import org.dalil.store.MessageDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.TestDatabaseExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScratchDrainTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  @Test
  void drain() throws Exception {
    Jdbi jdbi = db.database().jdbi();
    String channel = "scratch";
    int contacts = 500, per = 3;
    List<Long> ids = new ArrayList<>();
    for (int c = 0; c < contacts; c++) {
      long contact = jdbi.withExtension(ContactDao.class, d -> d.upsert(channel, "+2126" + UUID.randomUUID()));
      for (int i = 0; i < per; i++) {
        OutboundMessage m = new OutboundMessage("t" + i, List.of(), "fr");
        ids.add(jdbi.inTransaction(h -> {
          long inbound = h.attach(MessageDao.class).insertInbound(contact, channel, UUID.randomUUID().toString(), "hi").orElseThrow();
          long message = h.attach(MessageDao.class).insertOutbound(contact, channel, m.asPlainText(), inbound);
          return h.attach(OutboxDao.class).insert(message, contact, channel, m);
        }));
      }
    }
    ChannelSender sender = new ChannelSender() {
      public String channel() { return channel; }
      public SendResult deliver(String a, OutboundMessage m) { return new SendResult(UUID.randomUUID().toString(), 1); }
    };
    OutboxWorker w = new OutboxWorker(jdbi, List.of(sender), OutboxSettings.defaults());
    long start = System.nanoTime();
    w.start();
    while (jdbi.withExtension(OutboxDao.class, OutboxDao::unfinished) > 0) {
      Thread.sleep(20);
    }
    long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
    System.out.println("DRAIN " + ids.size() + " rows in " + ms + " ms = " + (ids.size() * 1000L / Math.max(1, ms)) + "/s");
    w.stop();
  }
}
