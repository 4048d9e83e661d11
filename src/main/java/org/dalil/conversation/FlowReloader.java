package org.dalil.conversation;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link FlowVersions#current()} in step with the files in {@code flows/} and {@code i18n/}:
 * loads them at start-up (an invalid set is fatal then), and again whenever a file changes or
 * {@link #reload()} is called (an invalid set is then refused and the last good one kept).
 */
public final class FlowReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FlowReloader.class);
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);

  private final Path flowsDir;
  private final Path i18nDir;
  private final FlowVersions versions;
  private final FlowSetLoader loader;
  private final Duration debounce;
  private WatchService watcher;
  private Thread thread;
  private volatile boolean closed;

  public FlowReloader(Path flowsDir, Path i18nDir, FlowVersions versions) {
    this(flowsDir, i18nDir, versions, new FlowSetLoader(), DEFAULT_DEBOUNCE);
  }

  /** @param debounce how long the files must stay unchanged before a reload (editors write in bursts) */
  public FlowReloader(Path flowsDir, Path i18nDir, FlowVersions versions, FlowSetLoader loader, Duration debounce) {
    this.flowsDir = flowsDir;
    this.i18nDir = i18nDir;
    this.versions = versions;
    this.loader = loader;
    this.debounce = debounce;
  }

  /**
   * Loads and publishes the files, then watches the directories for changes.
   *
   * @throws FlowLoadException when the files have errors: the server must not start on them
   */
  public synchronized FlowSet start() {
    FlowSetLoader.Result result = loader.load(flowsDir, i18nDir);
    if (!result.ok()) {
      throw new FlowLoadException(result.problems());
    }
    logWarnings(result.problems());
    versions.publishFromFiles(result.flowSet());
    startWatching();
    return result.flowSet();
  }

  /**
   * Loads the files again. A valid set becomes current; an invalid one is refused, the last good
   * version stays current, and the problems are logged (file:line: message).
   */
  public synchronized FlowSetLoader.Result reload() {
    FlowSetLoader.Result result;
    try {
      result = loader.load(flowsDir, i18nDir);
    } catch (RuntimeException e) {
      // The loader reports bad content as problems; an exception is a bug, not a reason to stop.
      log.error("flows reload failed; keeping the current version", e);
      return new FlowSetLoader.Result(null, List.of());
    }
    FlowSet previous = versions.current();
    String kept = previous == null ? "none" : previous.version();
    if (!result.ok()) {
      List<Problem> errors = errors(result.problems());
      log.warn("flows reload refused: {} errors; keeping version {}", errors.size(), kept);
      errors.forEach(p -> log.warn("  {}", p));
      return result;
    }
    logWarnings(result.problems());
    if (previous != null && previous.version().equals(result.flowSet().version())) {
      log.debug("flows reloaded: unchanged (version {})", kept);
    }
    versions.publishFromFiles(result.flowSet());
    return result;
  }

  private synchronized void startWatching() {
    if (thread != null) {
      return;
    }
    try {
      watcher = FileSystems.getDefault().newWatchService();
      for (Path dir : List.of(flowsDir, i18nDir)) {
        dir.register(watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    } catch (IOException e) {
      log.warn("cannot watch {} and {} for changes; reload on demand only", flowsDir, i18nDir, e);
      return;
    }
    thread = Thread.ofPlatform().daemon().name("dalil-flow-reloader").start(this::watch);
  }

  private void watch() {
    try {
      while (!closed) {
        if (!drain(watcher.take())) {
          continue;
        }
        // Wait for the burst of writes (save, rename, checkout) to end before loading once.
        WatchKey more;
        while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          drain(more);
        }
        if (!closed) {
          try {
            reload();
          } catch (RuntimeException e) {
            log.error("flows reload failed; keeping the current version", e);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  /** Consumes a key's events; whether there were any. */
  private boolean drain(WatchKey key) {
    boolean any = !key.pollEvents().isEmpty();
    if (!key.reset()) {
      log.warn("{} can no longer be watched (deleted or moved?); reload on demand only", key.watchable());
    }
    return any;
  }

  private static List<Problem> errors(List<Problem> problems) {
    return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
  }

  private static void logWarnings(List<Problem> problems) {
    long warnings = problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).count();
    if (warnings > 0) {
      log.info("flows loaded with {} warnings (run `dalil validate` to see them)", warnings);
      problems.forEach(p -> log.debug("  {}", p));
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        log.debug("closing the watch service", e);
      }
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
