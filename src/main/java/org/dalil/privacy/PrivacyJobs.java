package org.dalil.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The privacy side of a running server: the retention job and the re-encryption after a key
 * rotation, every {@link PrivacySettings#jobInterval()} (first a minute after start).
 */
public final class PrivacyJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrivacyJobs.class);
  private static final Duration FIRST_RUN = Duration.ofMinutes(1);

  private final RetentionJob retention;
  private final AddressKeyRotation rotation;
  private final Duration interval;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("dalil-privacy").daemon().factory());

  public PrivacyJobs(Jdbi jdbi, PrivacySettings settings, Clock clock) {
    this.retention = new RetentionJob(jdbi, settings.retention(), clock);
    this.rotation = new AddressKeyRotation(jdbi);
    this.interval = settings.jobInterval();
  }

  public void start() {
    scheduler.scheduleWithFixedDelay(this::runOnce, FIRST_RUN.toSeconds(), interval.toSeconds(), TimeUnit.SECONDS);
  }

  /** One run of both jobs; a failure is logged (by type: messages may quote data) and retried next time. */
  public void runOnce() {
    try {
      rotation.run();
    } catch (RuntimeException e) {
      log.error("address re-encryption failed: {}", e.getClass().getName());
    }
    try {
      retention.run();
    } catch (RuntimeException e) {
      log.error("retention failed: {}", e.getClass().getName());
    }
  }

  public RetentionJob retention() {
    return retention;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
