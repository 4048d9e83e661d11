package org.dalil.handoff;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbox events across instances through PostgreSQL's LISTEN/NOTIFY. An event is published inside
 * the transaction that causes it, so PostgreSQL delivers it at commit, to every instance, and never
 * for a change that was rolled back. Each instance listens on one connection and hands the events
 * to its subscribers (the browsers' event streams, the jobs).
 */
public final class InboxSignals implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboxSignals.class);
  static final String CHANNEL = "dalil_inbox";

  private final DataSource dataSource;
  private final List<Consumer<InboxEvent>> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private volatile boolean listening;
  private Thread thread;

  public InboxSignals(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Queues the event for delivery when {@code h}'s transaction commits. */
  public static void publish(Handle h, InboxEvent event) {
    // pg_notify returns void; wrapped so the statement returns a row JDBC can read.
    h.select("SELECT 1 FROM (SELECT pg_notify(?, ?)) n", CHANNEL, event.payload()).mapTo(Integer.class).one();
  }

  public void subscribe(Consumer<InboxEvent> subscriber) {
    subscribers.add(subscriber);
  }

  public void unsubscribe(Consumer<InboxEvent> subscriber) {
    subscribers.remove(subscriber);
  }

  /** Whether the listening connection is up (events from other instances arrive). */
  public boolean listening() {
    return listening;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("dalil-inbox-listen").start(this::loop);
  }

  private void loop() {
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        listening = true;
        while (running) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications == null) {
            continue;
          }
          for (PGNotification n : notifications) {
            InboxEvent event = InboxEvent.parse(n.getParameter());
            if (event != null) {
              dispatch(event);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (running) {
          log.warn("inbox listener lost its connection ({}); reconnecting", e.getClass().getSimpleName());
          sleep(1_000);
        }
      }
    }
    listening = false;
  }

  private void dispatch(InboxEvent event) {
    for (Consumer<InboxEvent> s : subscribers) {
      try {
        s.accept(event);
      } catch (RuntimeException e) {
        log.warn("inbox subscriber failed: {}", e.getClass().getName());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
