package org.dalil.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Problem;

/**
 * {@code dalil validate [DIR]}: loads the content as the server would and prints one line per
 * problem ({@code flows/main.yaml:12: error: ...}), then a summary. The output is for flow
 * authors and CI, in English like compiler output.
 */
public final class ValidateCommand {
  private ValidateCommand() {}

  /** Validates {@code root/flows} and {@code root/i18n}. */
  public static int runOnRoot(Path root, PrintStream out) {
    return run(root.resolve("flows"), root.resolve("i18n"), out);
  }

  /** Prints the problems and a summary; returns 1 when there is an error, else 0. */
  public static int run(Path flowsDir, Path i18nDir, PrintStream out) {
    FlowSetLoader.Result result = new FlowSetLoader().load(flowsDir, i18nDir);
    for (Problem problem : result.problems()) {
      out.println(problem);
    }
    long flows = result.sources().keySet().stream().filter(FlowSetLoader::isFlowSource).count();
    long languages = result.sources().keySet().stream().filter(FlowSetLoader::isTextSource).count();
    int errors = result.errors().size();
    int warnings = result.warnings().size();
    out.println(plural(errors, "error") + ", " + plural(warnings, "warning") + " in " + plural(flows, "flow")
        + ", " + plural(languages, "language"));
    return errors > 0 ? 1 : 0;
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
