package org.dalil.flow;

/** Something wrong in the content files, with where it is written. */
public record Problem(Severity severity, SourceLine where, String message) {

  public enum Severity {
    /** The content cannot be used: the validator exits 1 and the server keeps the last good version. */
    ERROR,
    /** Worth fixing; does not block loading. */
    WARNING
  }

  public static Problem error(SourceLine where, String message) {
    return new Problem(Severity.ERROR, where, message);
  }

  public static Problem warning(SourceLine where, String message) {
    return new Problem(Severity.WARNING, where, message);
  }

  @Override
  public String toString() {
    return where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
  }
}
