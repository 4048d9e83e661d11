package org.dalil.flow;

/** What an input node accepts. */
public sealed interface Accept {

  /** Free text up to {@code max} characters. */
  record AnyText(int max) implements Accept {}

  /** One value of a choice list of settings (e.g. {@code city}), matched by name and keywords. */
  record OneOf(String list) implements Accept {}

  /** A whole number in [min, max], in Western or Arabic-Indic digits. */
  record WholeNumber(long min, long max) implements Accept {}

  /** Text matching a regular expression (after trimming). */
  record Matching(String regex) implements Accept {}
}
