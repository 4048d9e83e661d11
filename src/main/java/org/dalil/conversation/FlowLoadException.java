package org.dalil.conversation;

import java.util.List;
import java.util.stream.Collectors;
import org.dalil.flow.Problem;

/** The flows found at start-up cannot be used: the server refuses to start. */
public final class FlowLoadException extends RuntimeException {
  private final List<Problem> problems;

  public FlowLoadException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    List<Problem> errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    return "the flows are invalid (" + errors.size() + " errors):\n"
        + errors.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }
}
