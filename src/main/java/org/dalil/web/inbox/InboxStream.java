package org.dalil.web.inbox;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dalil.handoff.InboxEvent;

/**
 * The signed-in browsers' event streams on this instance. Every inbox event (from this instance or
 * another, through LISTEN/NOTIFY) goes to every browser as ids; the page fetches what changed. A
 * comment every 20 s keeps proxies from closing an idle stream.
 */
public final class InboxStream implements Consumer<InboxEvent>, AutoCloseable {
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dalil-inbox-sse");
    t.setDaemon(true);
    return t;
  });

  public InboxStream() {
    heartbeat.scheduleAtFixedRate(() -> clients.forEach(c -> send(c, null)), 20, 20, TimeUnit.SECONDS);
  }

  public void connect(SseClient client) {
    client.keepAlive();
    clients.add(client);
    client.onClose(() -> clients.remove(client));
    send(client, null);
  }

  public int connected() {
    return clients.size();
  }

  @Override
  public void accept(InboxEvent event) {
    clients.forEach(c -> send(c, event));
  }

  /** One writer at a time per stream: the listener and the heartbeat must not interleave. */
  private void send(SseClient client, InboxEvent event) {
    synchronized (client) {
      if (client.terminated()) {
        clients.remove(client);
        return;
      }
      try {
        if (event == null) {
          client.sendComment("ping");
        } else {
          client.sendEvent("inbox", event.json());
        }
      } catch (RuntimeException e) {
        clients.remove(client);
      }
    }
  }

  /** Stops the heartbeat. The streams themselves end with the web server (closing them after it stopped fails). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    clients.clear();
  }
}
