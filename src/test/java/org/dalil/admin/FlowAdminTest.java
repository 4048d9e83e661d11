package org.dalil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditEntry;
import org.dalil.audit.AuditLog;
import org.dalil.conversation.FlowReloader;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;
import org.dalil.web.auth.AuthService;
import org.dalil.web.auth.PasswordHasher;
import org.dalil.web.auth.Role;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowAdminTest {
  // A database per test: which version is current depends on every publication before.
  private TestDatabase db;

  @BeforeEach
  void createDatabase() {
    db = TestDatabases.create();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }
  static final Path MINIMAL = Path.of("src", "test", "resources", "content", "minimal");
  static final String AR = "i18n/ar.properties";

  private Jdbi jdbi() {
    return db.database().jdbi();
  }

  private long admin() {
    return new AuthService(jdbi(), new PasswordHasher(), Clock.systemUTC()).createAccount(null,
        "admin-" + System.nanoTime() + "@example.org", "Admin", "correct horse battery", Role.ADMIN, List.of("fr"));
  }

  /** An instance: versions + admin, started on the minimal files (as App does). */
  private record Instance(FlowVersions versions, FlowAdmin admin, FlowReloader reloader) {}

  private Instance instance(Path content) {
    FlowVersions versions = new FlowVersions(jdbi());
    FlowAdmin admin = FlowAdmin.install(jdbi(), versions);
    FlowReloader reloader = new FlowReloader(content.resolve("flows"), content.resolve("i18n"), versions,
        new FlowSetLoader(), Duration.ofMillis(50));
    reloader.start();
    reloader.close();
    return new Instance(versions, admin, reloader);
  }

  private static Map<String, String> withText(Map<String, String> sources, String file, String key, String value) {
    Map<String, String> out = new TreeMap<>(sources);
    out.put(file, PropertiesEditor.set(out.get(file), file, key, value));
    return out;
  }

  private static String arabic(FlowSet set, String key) {
    return set.catalog().exact(key, "ar").orElseThrow();
  }

  @Test
  void publishingTheDraftMakesANewCurrentVersionWithWhoAndWhenAndAnAuditEntry() {
    Instance i = instance(MINIMAL);
    long me = admin();
    FlowSet before = i.versions().current();
    Draft draft = i.admin().draft();
    assertEquals(0, draft.revision());
    assertEquals(before.sources(), draft.sources());

    SaveResult saved = i.admin().saveText(me, "main.bye", "ar", "إلى اللقاء، نحن هنا دائما.", 0);
    assertEquals(new SaveResult.Saved(1), saved);
    PublishResult result = i.admin().publish(me, 1);

    Publication p = assertInstanceOf(PublishResult.Published.class, result).publication();
    assertEquals(me, p.publishedBy());
    assertTrue(p.byAdmin());
    assertNotEquals(before.version(), p.version());
    assertEquals(p.version(), i.versions().current().version());
    assertEquals("إلى اللقاء، نحن هنا دائما.", arabic(i.versions().current(), "main.bye"));
    // The version before is still there for conversations in progress.
    assertEquals(before.sources(), i.versions().byVersion(before.version()).sources());
    List<AuditAction> actions = jdbi().withExtension(AuditLog.class, a -> a.latest(10)).stream()
        .filter(e -> e.actorId() != null && e.actorId() == me).map(AuditEntry::action).toList();
    assertEquals(List.of(AuditAction.FLOW_PUBLISH, AuditAction.FLOW_DRAFT), actions);

    List<LineDiff.FileDiff> diff = i.admin().diffWithPrevious(p.id());
    assertEquals(1, diff.size());
    assertEquals(AR, diff.get(0).path());
    assertEquals(1, diff.get(0).added());
    assertEquals(1, diff.get(0).removed());
    assertTrue(diff.get(0).lines().stream().anyMatch(l -> l.op() == '+' && l.text().contains("نحن هنا دائما")));
  }

  @Test
  void aSaveFromAStaleRevisionIsAConflictAndChangesNothing() {
    Instance i = instance(MINIMAL);
    long first = admin();
    long second = admin();
    assertEquals(new SaveResult.Saved(1), i.admin().saveText(first, "main.bye", "en", "See you.", 0));
    SaveResult late = i.admin().saveText(second, "main.bye", "fr", "A plus.", 0);

    assertEquals(new SaveResult.Conflict(0, 1), late);
    Map<String, String> draft = i.admin().draft().sources();
    assertTrue(draft.get("i18n/en.properties").contains("main.bye=See you."));
    assertFalse(draft.get("i18n/fr.properties").contains("A plus."));
    assertInstanceOf(PublishResult.Conflict.class, i.admin().publish(second, 0));
  }

  @Test
  void anInvalidDraftIsRefusedWithTheValidatorsFileAndLine() {
    Instance i = instance(MINIMAL);
    long me = admin();
    String main = i.admin().draft().sources().get("flows/main.yaml");
    String broken = main.replaceFirst("goto: ([A-Za-z_.]+)", "goto: nowhere_at_all");
    assertNotEquals(main, broken);
    i.admin().saveFile(me, "flows/main.yaml", broken, 0);
    String current = i.versions().current().version();

    PublishResult result = i.admin().publish(me, 1);

    PublishResult.Refused refused = assertInstanceOf(PublishResult.Refused.class, result);
    assertTrue(refused.errors().stream().anyMatch(p -> p.where().file().equals("flows/main.yaml")
        && p.where().line() > 0 && p.message().contains("nowhere_at_all")), refused.errors().toString());
    assertEquals(current, i.versions().current().version());
  }

  @Test
  void rollbackMakesAnEarlierVersionCurrentAgain() {
    Instance i = instance(MINIMAL);
    long me = admin();
    String original = i.versions().current().version();
    i.admin().saveText(me, "main.bye", "ar", "نص جديد", 0);
    i.admin().publish(me, 1);
    assertNotEquals(original, i.versions().current().version());

    PublishResult result = i.admin().rollback(me, original);

    assertEquals(original, assertInstanceOf(PublishResult.Published.class, result).publication().version());
    assertEquals(original, i.versions().current().version());
    assertEquals(AuditAction.FLOW_ROLLBACK, jdbi().withExtension(AuditLog.class, a -> a.latest(1)).get(0).action());
    assertInstanceOf(PublishResult.Unknown.class, i.admin().rollback(me, "0000000000000000"));
  }

  @Test
  void anotherInstanceFollowsAPublicationAndARestartOnTheFilesKeepsIt(@TempDir Path dir) throws Exception {
    Instance one = instance(MINIMAL);
    Instance two = instance(MINIMAL);
    long me = admin();
    one.admin().saveText(me, "main.bye", "ar", "وداعا من المسودة", 0);
    String published = ((PublishResult.Published) one.admin().publish(me, 1)).publication().version();

    two.admin().refresh();
    assertEquals(published, two.versions().current().version());

    // A third instance starts on the unchanged files: the admin's version stays current.
    Instance three = instance(MINIMAL);
    assertEquals(published, three.versions().current().version());
    // A disk reload does not overwrite it either.
    three.reloader().reload();
    assertEquals(published, three.versions().current().version());
  }

  @Test
  void anAdminsVersionWithoutATextTheNewCodeNeedsIsCompletedFromTheFilesOnUpgrade() {
    Instance one = instance(MINIMAL);
    long me = admin();
    one.admin().saveText(me, "main.bye", "ar", "وداعا من المسودة", 0);
    String published = ((PublishResult.Published) one.admin().publish(me, 1)).publication().version();
    // As an older Dalil stored it: the admin's version before sys.handoff.reengage existed.
    Map<String, String> old = new TreeMap<>(one.versions().byVersion(published).sources());
    old.replaceAll((file, text) -> file.startsWith("i18n/")
        ? text.replaceAll("(?m)^sys\\.handoff\\.reengage=.*\\n?", "") : text);
    String oldVersion = "0ld" + published.substring(3);
    jdbi().useHandle(h -> {
      h.attach(org.dalil.store.FlowVersionDao.class).insert(oldVersion, old);
      h.attach(FlowAdminDao.class).insertPublication(oldVersion, "admin", me);
    });

    // The upgraded server starts on its files.
    Instance upgraded = instance(MINIMAL);
    FlowSet current = upgraded.versions().current();
    assertNotEquals(oldVersion, current.version());
    assertEquals("وداعا من المسودة", arabic(current, "main.bye"), "the admin's texts are kept");
    assertEquals(arabic(FlowAdminTest.files(), "sys.handoff.reengage"), arabic(current, "sys.handoff.reengage"),
        "the missing text comes from the files");
    assertTrue(current.sources().get(AR).contains(NewSystemTexts.COMMENT));
    Publication latest = upgraded.admin().history(1).get(0);
    assertEquals(current.version(), latest.version());
    assertTrue(latest.byUpgrade());
    // And the next start keeps it, without adding the texts again.
    assertEquals(current.version(), instance(MINIMAL).versions().current().version());
  }

  private static FlowSet files() {
    FlowSetLoader.Result r = new FlowSetLoader().load(MINIMAL.resolve("flows"), MINIMAL.resolve("i18n"));
    assertTrue(r.ok(), r.problems().toString());
    return r.flowSet();
  }

  @Test
  void beforeAnyAdminPublishesTheFilesAreCurrentAndRecorded() {
    Instance i = instance(MINIMAL);
    List<Publication> history = i.admin().history(5);
    assertEquals(1, history.size());
    assertEquals("files", history.get(0).source());
    assertEquals(i.versions().current().version(), history.get(0).version());
  }

  @Test
  void exportThenImportGivesTheSameVersion(@TempDir Path dir) {
    Instance i = instance(MINIMAL);
    long me = admin();
    i.admin().saveText(me, "main.bye", "ar", "مع السلامة يا صديقي", 0);
    String published = ((PublishResult.Published) i.admin().publish(me, 1)).publication().version();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

    assertEquals(0, ContentCommands.export(jdbi(), dir, null, print, print));
    // Something else is published meanwhile; importing the exported files brings the version back.
    i.admin().rollback(me, i.admin().history(5).get(1).version());
    assertEquals(0, ContentCommands.importDir(jdbi(), dir, true, print, print), out.toString(StandardCharsets.UTF_8));

    assertEquals(published, i.admin().history(1).get(0).version());
    assertEquals(published, FlowSetLoader.version(FlowFiles.read(dir).sources()));
  }

  @Test
  void aZipRoundTripKeepsTheVersion() throws Exception {
    Instance i = instance(MINIMAL);
    FlowSet set = i.versions().current();
    Map<String, String> back = FlowFiles.unzip(FlowFiles.zip(set.sources()));
    assertEquals(set.sources(), back);
    assertEquals(set.version(), new FlowSetLoader().fromSources(back).flowSet().version());
  }
}
