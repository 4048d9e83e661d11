package org.dalil.web;

import org.dalil.conversation.FlowReloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -HUP <pid>} reloads the flows on demand, the way Unix daemons reload their
 * configuration; useful where file watching does not see changes (network and container mounts).
 */
final class ReloadSignal {
  private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

  private ReloadSignal() {}

  static void install(FlowReloader reloader) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
        log.info("SIGHUP: reloading the flows");
        reloader.reload();
      });
    } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
      // Windows has no SIGHUP; file watching still reloads.
      log.debug("SIGHUP reload unavailable on this platform");
    }
  }
}
