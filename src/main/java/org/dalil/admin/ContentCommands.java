package org.dalil.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Problem;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code dalil export DIR [VERSION|draft]} and {@code dalil import DIR [--publish]}, against the
 * configured database: the content as files, to keep in git and review.
 */
public final class ContentCommands {
  public static final int OK = 0;
  public static final int INVALID = 1;

  private ContentCommands() {}

  /** Writes a version's (default: the current one's) or the draft's files under {@code dir}. */
  public static int export(Jdbi jdbi, Path dir, String which, PrintStream out, PrintStream err) {
    FlowAdmin admin = new FlowAdmin(jdbi, new FlowVersions(jdbi), new FlowSetLoader(), FlowAdmin.DEFAULT_POLL);
    Map<String, String> sources;
    String version;
    if ("draft".equals(which)) {
      Optional<Draft> draft = jdbi.withExtension(FlowAdminDao.class, FlowAdminDao::draft);
      if (draft.isEmpty()) {
        err.println("dalil: there is no draft");
        return INVALID;
      }
      sources = draft.get().sources();
      version = FlowSetLoader.version(sources);
    } else {
      version = which != null ? which
          : jdbi.withExtension(FlowAdminDao.class, FlowAdminDao::latest).map(Publication::version).orElse(null);
      if (version == null) {
        err.println("dalil: no version is published yet");
        return INVALID;
      }
      Optional<Map<String, String>> stored = admin.sources(version);
      if (stored.isEmpty()) {
        err.println("dalil: no stored version " + version);
        return INVALID;
      }
      sources = stored.get();
    }
    try {
      FlowFiles.write(sources, dir);
    } catch (IOException e) {
      err.println("dalil: cannot write " + dir + ": " + e.getMessage());
      return INVALID;
    }
    out.println("exported version " + version + " (" + sources.size() + " files) to " + dir);
    return OK;
  }

  /**
   * Reads {@code dir/flows} and {@code dir/i18n} into the draft; with {@code publish}, publishes
   * it too (refused when it has errors). Exits 1 when the files have errors.
   */
  public static int importDir(Jdbi jdbi, Path dir, boolean publish, PrintStream out, PrintStream err) {
    FlowSetLoader.Result read = FlowFiles.read(dir);
    read.problems().forEach(p -> (p.severity() == Problem.Severity.ERROR ? err : out).println(p));
    if (read.sources().isEmpty()) {
      err.println("dalil: no flows/ or i18n/ files in " + dir);
      return INVALID;
    }
    FlowVersions versions = new FlowVersions(jdbi);
    FlowAdmin admin = new FlowAdmin(jdbi, versions, new FlowSetLoader(), FlowAdmin.DEFAULT_POLL);
    admin.refresh();
    admin.importDraft(null, read.sources());
    String version = FlowSetLoader.version(read.sources());
    out.println("imported " + read.sources().size() + " files into the draft (version " + version + ")");
    if (!read.ok()) {
      return INVALID;
    }
    if (publish) {
      PublishResult result = admin.publish(null, admin.draft().revision());
      if (!(result instanceof PublishResult.Published p)) {
        err.println("dalil: not published: " + result);
        return INVALID;
      }
      out.println("published version " + p.publication().version());
    }
    return OK;
  }
}
