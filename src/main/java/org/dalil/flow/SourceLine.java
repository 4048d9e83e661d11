package org.dalil.flow;

/** A place in a source file, 1-based line; {@code line} is 0 when unknown. */
public record SourceLine(String file, int line) {
  public static final SourceLine UNKNOWN = new SourceLine("", 0);

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
