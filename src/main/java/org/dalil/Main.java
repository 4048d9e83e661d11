package org.dalil;

/** Entry point of {@code dalil.jar}: {@code serve} (default), {@code validate [DIR]}, {@code chat}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("TODO");
  }
}
