package org.dalil.flow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code flows/} and {@code i18n/} into a {@link FlowSet} and validates it. Never throws on
 * bad content: the problems say what is wrong and where.
 */
public final class FlowSetLoader {

  /** The outcome of a load: a flow set when there is no error, and every problem found. */
  public record Result(FlowSet flowSet, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return flowSet != null;
    }
  }

  /** Loads the files of two directories. Source paths are {@code flows/<name>} and {@code i18n/<name>}. */
  public Result load(Path flowsDir, Path i18nDir) {
    throw new UnsupportedOperationException("TODO loader");
  }

  /**
   * Rebuilds a flow set from stored sources (path to text, as in {@link FlowSet#sources()}); the
   * version is a hash of the sources, so the same files always give the same version.
   */
  public Result fromSources(Map<String, String> sources) {
    throw new UnsupportedOperationException("TODO loader");
  }
}
