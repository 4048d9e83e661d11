package org.dalil.handoff;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes urgent alerts to the log only, when no Telegram chat is configured. */
public final class LoggingUrgentNotifier implements UrgentNotifier {
  private static final Logger log = LoggerFactory.getLogger(LoggingUrgentNotifier.class);

  @Override
  public void notify(UrgentAlert alert) {
    log.warn("URGENT conversation waiting: handoff={} topic={} language={} channel={} (no alert target configured:"
        + " set {})", alert.handoffId(), alert.topic(), alert.language(), alert.channel(),
        InboxSettings.URGENT_TELEGRAM_CHAT_ID);
  }

  @Override
  public String describe() {
    return "the log";
  }
}
