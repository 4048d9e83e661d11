package org.dalil.channel.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a text longer than one Telegram message into parts: at a blank line if there is one near
 * the end of the part, else at a line break, else at a space, and never inside a surrogate pair.
 */
final class TextParts {
  private TextParts() {}

  static List<String> split(String text, int max) {
    List<String> parts = new ArrayList<>();
    String rest = text;
    while (rest.length() > max) {
      int cut = cutPoint(rest, max);
      String part = rest.substring(0, cut).stripTrailing();
      if (!part.isEmpty()) {
        parts.add(part);
      }
      rest = rest.substring(cut).stripLeading();
    }
    if (!rest.isEmpty() || parts.isEmpty()) {
      parts.add(rest);
    }
    return parts;
  }

  private static int cutPoint(String text, int max) {
    // Prefer a boundary in the second half of the part, so no part is tiny.
    int floor = max / 2;
    for (String boundary : new String[] {"\n\n", "\n", " "}) {
      int at = text.lastIndexOf(boundary, max - boundary.length());
      if (at >= floor) {
        return at + boundary.length();
      }
    }
    int cut = max;
    if (Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return cut;
  }
}
