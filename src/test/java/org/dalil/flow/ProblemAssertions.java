package org.dalil.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Assertions on the problems of a load: the file, the line and words of the message. */
final class ProblemAssertions {
  private ProblemAssertions() {}

  /** The load failed with exactly one error, at {@code file:line}, whose message contains {@code words}. */
  static Problem assertSingleError(FlowSetLoader.Result result, String file, int line, String words) {
    List<Problem> errors = result.errors();
    assertEquals(1, errors.size(), () -> "expected one error, got " + result.problems());
    assertFalse(result.ok(), "a load with an error has no flow set");
    Problem error = errors.getFirst();
    assertEquals(new SourceLine(file, line), error.where(), error::toString);
    assertTrue(error.message().contains(words), () -> "`" + words + "` not in: " + error);
    return error;
  }

  /** Among the errors there is one at {@code file:line} whose message contains {@code words}. */
  static Problem assertHasError(FlowSetLoader.Result result, String file, int line, String words) {
    assertFalse(result.ok(), "a load with an error has no flow set");
    return assertHas(result.errors(), file, line, words, result);
  }

  /** The load succeeded and has a warning at {@code file:line} whose message contains {@code words}. */
  static Problem assertHasWarning(FlowSetLoader.Result result, String file, int line, String words) {
    assertTrue(result.ok(), () -> "warnings do not block loading: " + result.problems());
    return assertHas(result.warnings(), file, line, words, result);
  }

  static void assertNoProblemMentioning(FlowSetLoader.Result result, String words) {
    for (Problem p : result.problems()) {
      assertFalse(p.message().contains(words), () -> "unexpected: " + p);
    }
  }

  private static Problem assertHas(List<Problem> problems, String file, int line, String words, FlowSetLoader.Result result) {
    SourceLine where = new SourceLine(file, line);
    return problems.stream()
        .filter(p -> p.where().equals(where) && p.message().contains(words))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no problem at " + where + " with `" + words + "` in " + result.problems()));
  }
}
