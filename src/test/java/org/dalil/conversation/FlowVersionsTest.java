package org.dalil.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.dalil.flow.FlowSet;
import org.dalil.store.FlowVersionDao;
import org.dalil.store.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FlowVersionsTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  @Test
  void publishingStoresTheSourcesAndMakesTheSetCurrent() {
    FlowVersions versions = new FlowVersions(db.database().jdbi());
    assertNull(versions.current());
    FlowSet set = MinimalContent.load();
    versions.publish(set);
    versions.publish(set);

    assertSame(set, versions.current());
    assertSame(set, versions.byVersion(set.version()));
    Optional<Map<String, String>> stored =
        db.database().jdbi().withExtension(FlowVersionDao.class, d -> d.sources(set.version()));
    assertEquals(Optional.of(set.sources()), stored);
  }

  @Test
  void anotherInstanceLoadsAVersionItNeverSawFromTheDatabase(@TempDir Path dir) {
    FlowVersions first = new FlowVersions(db.database().jdbi());
    FlowSet old = MinimalContent.load();
    first.publish(old);
    Path changed = MinimalContent.copyTo(dir);
    MinimalContent.setText(changed, "fr", "main.bye", "Au revoir, à bientôt.");
    FlowSet newer = MinimalContent.load(changed);
    first.publish(newer);

    // A server started later, on the newer files only.
    FlowVersions second = new FlowVersions(db.database().jdbi());
    second.publish(MinimalContent.load(changed));
    FlowSet loaded = second.byVersion(old.version());
    assertEquals(old.version(), loaded.version());
    assertEquals(old.sources(), loaded.sources());
    assertEquals(newer.version(), second.current().version());
  }

  @Test
  void aVersionAskedForBeforeAnotherInstanceStoresItIsFoundAfterwards(@TempDir Path dir) {
    Path changed = MinimalContent.copyTo(dir);
    MinimalContent.setText(changed, "en", "main.bye", "Bye for now.");
    FlowSet set = MinimalContent.load(changed);
    FlowVersions here = new FlowVersions(db.database().jdbi());
    assertNull(here.byVersion(set.version()));

    new FlowVersions(db.database().jdbi()).publish(set);
    assertEquals(set.sources(), here.byVersion(set.version()).sources());
  }

  @Test
  void anUnknownVersionIsNull() {
    FlowVersions versions = new FlowVersions(db.database().jdbi());
    assertNull(versions.byVersion("no-such-version"));
    assertNull(versions.byVersion(null));
  }
}
