package org.dalil.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dalil.i18n.Catalog;
import org.dalil.i18n.PropertiesReader;

/** Changes one key of a {@code .properties} text, keeping every other line (comments, order) as it is. */
public final class PropertiesEditor {
  private PropertiesEditor() {}

  /** {@code text} with {@code key} set to {@code value} (appended when absent; removed when value is null). */
  public static String set(String text, String file, String key, String value) {
    Map<String, Catalog.Entry> entries = PropertiesReader.read(file, text, new ArrayList<>());
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    Catalog.Entry entry = entries.get(key);
    String line = value == null ? null : escape(key) + "=" + escape(value);
    if (entry == null || entry.line().line() <= 0) {
      if (line == null) {
        return text;
      }
      boolean endsWithNewline = text.isEmpty() || text.endsWith("\n");
      return text + (endsWithNewline ? "" : "\n") + line + "\n";
    }
    int at = entry.line().line() - 1;
    // A value continued on the next lines (trailing backslash) goes with its first line.
    int end = at;
    while (end < lines.size() - 1 && oddBackslashes(lines.get(end))) {
      end++;
    }
    for (int i = end; i > at; i--) {
      lines.remove(i);
    }
    if (line == null) {
      lines.remove(at);
    } else {
      lines.set(at, line);
    }
    return String.join("\n", lines);
  }

  private static boolean oddBackslashes(String s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> { }
        case '\t' -> out.append("\\t");
        case ' ' -> out.append(i == 0 ? "\\ " : " ");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
