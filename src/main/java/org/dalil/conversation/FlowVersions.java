package org.dalil.conversation;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.store.FlowVersionDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow set new conversations start on, and every version a conversation in progress may still
 * run on. Versions are stored in the database when published, so an instance that never loaded a
 * version (restarted, or started with newer files) can still continue a conversation on it. A
 * version is immutable (its id is a hash of its sources), so caching it is always safe.
 */
public final class FlowVersions {
  private static final Logger log = LoggerFactory.getLogger(FlowVersions.class);
  private static final int CACHED_VERSIONS = 32;

  private final Jdbi jdbi;
  private final FlowSetLoader loader;
  // A version that is not found is not cached: another instance may store it a moment later.
  private final LoadingCache<String, FlowSet> cache;
  private volatile FlowSet current;
  // Which set becomes current when the files on disk are (re)loaded: org.dalil.admin.FlowAdmin keeps
  // a version published by an admin current over the files.
  private volatile UnaryOperator<FlowSet> filesPolicy = UnaryOperator.identity();

  public FlowVersions(Jdbi jdbi, FlowSetLoader loader) {
    this.jdbi = jdbi;
    this.loader = loader;
    this.cache = Caffeine.newBuilder().maximumSize(CACHED_VERSIONS).build(this::loadStored);
  }

  public FlowVersions(Jdbi jdbi) {
    this(jdbi, new FlowSetLoader());
  }

  /** The newest published flow set, or null before the first {@link #publish}. */
  public FlowSet current() {
    return current;
  }

  /** Stores the set (once per version) and makes it the one new conversations start on. */
  public void publish(FlowSet set) {
    jdbi.useExtension(FlowVersionDao.class, dao -> dao.insert(set.version(), set.sources()));
    cache.put(set.version(), set);
    FlowSet previous = current;
    current = set;
    if (previous == null || !previous.version().equals(set.version())) {
      log.info("flow version {} is now current ({} flows)", set.version(), set.flows().size());
    }
  }

  /** Decides which set becomes current when the files on disk are (re)loaded (default: the files). */
  public void filesPolicy(UnaryOperator<FlowSet> policy) {
    this.filesPolicy = policy;
  }

  /** Publishes what the files policy makes of a set loaded from disk ({@link FlowReloader}). */
  public void publishFromFiles(FlowSet fromDisk) {
    publish(filesPolicy.apply(fromDisk));
  }

  /** The flow set of a version, or null when it was never published or no longer loads. */
  public FlowSet byVersion(String version) {
    if (version == null) {
      return null;
    }
    FlowSet now = current;
    if (now != null && now.version().equals(version)) {
      return now;
    }
    return cache.get(version);
  }

  /** Null when the version is not stored or no longer loads (Caffeine then caches nothing). */
  private FlowSet loadStored(String version) {
    Optional<Map<String, String>> sources =
        jdbi.withExtension(FlowVersionDao.class, dao -> dao.sources(version));
    if (sources.isEmpty()) {
      log.warn("flow version {} is not stored", version);
      return null;
    }
    FlowSetLoader.Result result = loader.fromSources(sources.get());
    if (!result.ok()) {
      log.warn("stored flow version {} no longer loads ({} problems); its conversations restart",
          version, result.problems().size());
      return null;
    }
    if (!result.flowSet().version().equals(version)) {
      // The loader hashes differently now; the content is the same, so it serves all the same,
      // and conversations stepping on it will name the new id, which must be stored too.
      log.info("stored flow version {} reloads as {}", version, result.flowSet().version());
      jdbi.useExtension(FlowVersionDao.class,
          dao -> dao.insert(result.flowSet().version(), result.flowSet().sources()));
    }
    return result.flowSet();
  }
}
