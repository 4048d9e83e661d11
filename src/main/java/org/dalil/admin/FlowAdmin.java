package org.dalil.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditLog;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.store.FlowVersionDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content edited by admins: one shared draft, publication of new immutable versions, rollback, and
 * which version is current on every instance.
 *
 * <p>The current version is the newest row of {@code flow_publications}; every instance looks at
 * it every {@link #DEFAULT_POLL} (one indexed row), and the publishing instance switches at once.
 *
 * <p>Rule between the files on disk and the database: the files in {@code flows/} and {@code i18n/}
 * are what a new installation starts from. As long as no admin has published, a (re)load of the
 * files becomes current, recorded as a publication with source {@code files}. Once an admin has
 * published, the database is the reference: a disk (re)load never replaces the published version
 * (it is logged as a warning); to bring files in, import them ({@code dalil import DIR} or the
 * upload) into the draft and publish it.
 */
public final class FlowAdmin implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FlowAdmin.class);
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);

  /** The publication of {@link #upgrade}: an admin's version completed with texts from the files. */
  static final String UPGRADE = "upgrade";

  private final Jdbi jdbi;
  private final FlowVersions versions;
  private final FlowSetLoader loader;
  private final Duration poll;
  private Thread poller;
  private volatile boolean closed;

  public FlowAdmin(Jdbi jdbi, FlowVersions versions, FlowSetLoader loader, Duration poll) {
    this.jdbi = jdbi;
    this.versions = versions;
    this.loader = loader;
    this.poll = poll;
  }

  /** Builds the admin side and makes {@code versions} follow the rule above; call before the files are loaded. */
  public static FlowAdmin install(Jdbi jdbi, FlowVersions versions) {
    FlowAdmin admin = new FlowAdmin(jdbi, versions, new FlowSetLoader(), DEFAULT_POLL);
    versions.filesPolicy(admin::fromFiles);
    return admin;
  }

  /** The set to make current when the files on disk were (re)loaded as {@code disk}. */
  public FlowSet fromFiles(FlowSet disk) {
    Optional<Publication> latest = jdbi.withExtension(FlowAdminDao.class, FlowAdminDao::latest);
    boolean adminPublished = jdbi.withExtension(FlowAdminDao.class, FlowAdminDao::adminPublished);
    if (adminPublished && latest.isPresent()) {
      String published = latest.get().version();
      if (!published.equals(disk.version())) {
        log.warn("flows on disk (version {}) differ from the version published by an admin ({}): the published "
            + "one stays current; import the files (`dalil import DIR`) and publish to use them", disk.version(), published);
      }
      FlowSet set = versions.byVersion(published);
      if (set != null) {
        return set;
      }
      Optional<FlowSet> upgraded = upgrade(published, disk);
      if (upgraded.isPresent()) {
        return upgraded.get();
      }
      log.error("published flow version {} does not load; the files on disk are used", published);
    }
    if (latest.isEmpty() || !latest.get().version().equals(disk.version())) {
      jdbi.useTransaction(h -> {
        h.attach(FlowVersionDao.class).insert(disk.version(), disk.sources());
        h.attach(FlowAdminDao.class).insertPublication(disk.version(), "files", null);
      });
    }
    return disk;
  }

  /**
   * A published version that no longer loads because this version of Dalil needs texts it lacks:
   * those texts are added from the files on disk ({@link NewSystemTexts}) and the result is
   * published as {@code upgrade}. Empty when that is not the problem, or does not fix it.
   */
  private Optional<FlowSet> upgrade(String published, FlowSet disk) {
    Optional<Map<String, String>> sources = jdbi.withExtension(FlowVersionDao.class, d -> d.sources(published));
    if (sources.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> completed = NewSystemTexts.addMissing(sources.get(), disk.sources());
    if (completed.equals(sources.get())) {
      return Optional.empty();
    }
    FlowSetLoader.Result result = loader.fromSources(completed);
    if (!result.ok()) {
      return Optional.empty();
    }
    FlowSet set = result.flowSet();
    jdbi.useTransaction(h -> {
      h.attach(FlowVersionDao.class).insert(set.version(), set.sources());
      h.attach(FlowAdminDao.class).insertPublication(set.version(), UPGRADE, null);
    });
    log.warn("published flow version {} lacked texts this version of Dalil needs; they were copied from the files"
        + " on disk and published as version {}: review them in the translations table", published, set.version());
    return Optional.of(set);
  }

  /** Starts following the current version published by any instance. */
  public synchronized void start() {
    if (poller != null) {
      return;
    }
    poller = Thread.ofPlatform().daemon().name("dalil-flow-current").start(() -> {
      while (!closed) {
        try {
          Thread.sleep(poll.toMillis());
          refresh();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("cannot read the current flow version: {}", e.getClass().getSimpleName());
        }
      }
    });
  }

  /** Makes the newest published version current here, if it is not already. */
  public void refresh() {
    Optional<Publication> latest = jdbi.withExtension(FlowAdminDao.class, FlowAdminDao::latest);
    if (latest.isEmpty()) {
      return;
    }
    FlowSet now = versions.current();
    if (now != null && now.version().equals(latest.get().version())) {
      return;
    }
    FlowSet set = versions.byVersion(latest.get().version());
    if (set != null) {
      versions.publish(set);
    }
  }

  /** The database, for the admin pages' other forms (settings). */
  public Jdbi jdbi() {
    return jdbi;
  }

  // ---- the draft ----

  /** The draft; before the first save, the current version's sources at revision 0. */
  public Draft draft() {
    return jdbi.withExtension(FlowAdminDao.class, FlowAdminDao::draft).orElseGet(() -> {
      FlowSet current = versions.current();
      return new Draft(current == null ? Map.of() : current.sources(), 0,
          current == null ? null : current.version(), null);
    });
  }

  /** Replaces the draft's sources, if it is still at {@code expectedRevision}. */
  public SaveResult saveDraft(Long actorId, Map<String, String> sources, int expectedRevision, String detail) {
    return jdbi.inTransaction(h -> {
      int actual = lockedRevision(h);
      if (actual != expectedRevision) {
        return new SaveResult.Conflict(expectedRevision, actual);
      }
      int next = actual + 1;
      h.attach(FlowAdminDao.class).writeDraft(SourcesJson.write(sources), next, basedOn(h), actorId);
      h.attach(AuditLog.class).record(actorId, AuditAction.FLOW_DRAFT, null, null, detail);
      return new SaveResult.Saved(next);
    });
  }

  /** Changes one file of the draft (an empty text removes it). */
  public SaveResult saveFile(Long actorId, String path, String text, int expectedRevision) {
    Map<String, String> sources = new TreeMap<>(draft().sources());
    if (text == null || text.isEmpty()) {
      sources.remove(path);
    } else {
      sources.put(path, text.replace("\r\n", "\n"));
    }
    return saveDraft(actorId, sources, expectedRevision, "file " + path);
  }

  /** Replaces the draft with imported files, whatever its revision (an import is a deliberate reset). */
  public SaveResult importDraft(Long actorId, Map<String, String> sources) {
    return jdbi.inTransaction(h -> {
      int next = lockedRevision(h) + 1;
      h.attach(FlowAdminDao.class).writeDraft(SourcesJson.write(sources), next, basedOn(h), actorId);
      h.attach(AuditLog.class).record(actorId, AuditAction.FLOW_IMPORT, null, null,
          "imported " + sources.size() + " files, version " + FlowSetLoader.version(sources));
      return new SaveResult.Saved(next);
    });
  }

  /**
   * Sets one text of the draft. A translation (not French) remembers the French text it was made
   * from, so that it shows as outdated when the French changes.
   */
  public SaveResult saveText(Long actorId, String key, String language, String text, int expectedRevision) {
    Map<String, String> sources = new TreeMap<>(draft().sources());
    String file = TranslationTable.file(language);
    String value = text == null || text.isBlank() ? null : text.replace("\r\n", "\n").strip();
    sources.put(file, PropertiesEditor.set(sources.getOrDefault(file, ""), file, key, value));
    SaveResult result = saveDraft(actorId, sources, expectedRevision, "text " + key + " (" + language + ")");
    String french = TranslationTable.frenchText(sources, key);
    if (result instanceof SaveResult.Saved && value != null && french != null
        && !TranslationTable.SOURCE_LANGUAGE.equals(language)) {
      jdbi.useExtension(FlowAdminDao.class,
          dao -> dao.saveTranslationSource(key, language, TranslationTable.hash(french)));
    }
    return result;
  }

  /** Per key and language, the hash of the French text the translation was saved from. */
  public Map<String, Map<String, String>> translationSources() {
    Map<String, Map<String, String>> out = new java.util.HashMap<>();
    jdbi.withExtension(FlowAdminDao.class, FlowAdminDao::translationSources)
        .forEach(t -> out.computeIfAbsent(t.key(), k -> new java.util.HashMap<>()).put(t.language(), t.frHash()));
    return out;
  }

  private int lockedRevision(Handle h) {
    return h.attach(FlowAdminDao.class).lockRevision().orElseGet(() -> {
      // No draft row yet: create it at revision 0 from the current version, then lock it.
      FlowSet current = versions.current();
      h.execute("INSERT INTO flow_draft (id, sources, revision, based_on) VALUES (1, CAST(? AS jsonb), 0, ?) "
              + "ON CONFLICT (id) DO NOTHING",
          SourcesJson.write(current == null ? Map.of() : current.sources()),
          current == null ? null : current.version());
      return h.attach(FlowAdminDao.class).lockRevision().orElseThrow();
    });
  }

  private String basedOn(Handle h) {
    FlowSet current = versions.current();
    return current == null ? null : current.version();
  }

  /** Validates sources with the same loader as {@code dalil validate}. */
  public FlowSetLoader.Result validate(Map<String, String> sources) {
    return loader.fromSources(sources);
  }

  // ---- publishing ----

  /** Publishes the draft if it is still at {@code expectedRevision} and has no errors. */
  public PublishResult publish(Long actorId, int expectedRevision) {
    PublishResult result = jdbi.inTransaction(h -> {
      int actual = lockedRevision(h);
      if (actual != expectedRevision) {
        return new PublishResult.Conflict(expectedRevision, actual);
      }
      Map<String, String> sources = h.attach(FlowAdminDao.class).draft().orElseThrow().sources();
      FlowSetLoader.Result loaded = loader.fromSources(sources);
      if (!loaded.ok()) {
        return new PublishResult.Refused(loaded.errors());
      }
      return record(h, actorId, loaded.flowSet(), AuditAction.FLOW_PUBLISH);
    });
    afterPublish(result);
    return result;
  }

  /** Makes an earlier stored version current again (a new publication of the same sources). */
  public PublishResult rollback(Long actorId, String version) {
    FlowSet set = versions.byVersion(version);
    if (set == null) {
      return new PublishResult.Unknown(version);
    }
    PublishResult result = jdbi.inTransaction(h -> record(h, actorId, set, AuditAction.FLOW_ROLLBACK));
    afterPublish(result);
    return result;
  }

  private PublishResult record(Handle h, Long actorId, FlowSet set, AuditAction action) {
    h.attach(FlowVersionDao.class).insert(set.version(), set.sources());
    FlowAdminDao dao = h.attach(FlowAdminDao.class);
    long id = dao.insertPublication(set.version(), "admin", actorId);
    h.attach(AuditLog.class).record(actorId, action, null, null, "version " + set.version());
    return new PublishResult.Published(dao.publication(id).orElseThrow());
  }

  private void afterPublish(PublishResult result) {
    if (result instanceof PublishResult.Published p) {
      FlowSet set = versions.byVersion(p.publication().version());
      if (set != null) {
        versions.publish(set);
      }
      log.info("flow version {} published by admin {}", p.publication().version(), p.publication().publishedBy());
    }
  }

  // ---- reading ----

  public List<Publication> history(int limit) {
    return jdbi.withExtension(FlowAdminDao.class, dao -> dao.history(limit));
  }

  public Optional<Publication> publication(long id) {
    return jdbi.withExtension(FlowAdminDao.class, dao -> dao.publication(id));
  }

  /** A stored version's sources. */
  public Optional<Map<String, String>> sources(String version) {
    return jdbi.withExtension(FlowVersionDao.class, dao -> dao.sources(version));
  }

  /** What a publication changed against the one before it (everything, for the first). */
  public List<LineDiff.FileDiff> diffWithPrevious(long publicationId) {
    Publication p = publication(publicationId).orElseThrow();
    Map<String, String> after = sources(p.version()).orElse(Map.of());
    Map<String, String> before = jdbi.withExtension(FlowAdminDao.class, dao -> dao.versionBefore(publicationId))
        .flatMap(this::sources).orElse(Map.of());
    return LineDiff.between(before, after);
  }

  /** What the draft changes against the current version. */
  public List<LineDiff.FileDiff> draftDiff() {
    FlowSet current = versions.current();
    return LineDiff.between(current == null ? Map.of() : current.sources(), draft().sources());
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = poller;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
