package org.dalil.store;

/** Which way a message went; stored as {@code in} and {@code out}. */
public enum Direction {
  IN,
  OUT;

  public String sql() {
    return this == IN ? "in" : "out";
  }

  public static Direction fromSql(String value) {
    return switch (value) {
      case "in" -> IN;
      case "out" -> OUT;
      default -> throw new IllegalArgumentException("unknown direction " + value);
    };
  }
}
