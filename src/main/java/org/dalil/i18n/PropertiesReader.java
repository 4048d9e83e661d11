package org.dalil.i18n;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalil.flow.Problem;
import org.dalil.flow.SourceLine;

/**
 * Reads a UTF-8 Java properties text (the format Weblate calls "Java Properties (UTF-8)") and
 * keeps the line of every key. {@link java.util.Properties} would do the parsing but loses lines
 * and silently keeps the last of two equal keys.
 *
 * <p>Supported as in {@code Properties.load}: {@code key=value}, {@code key: value} and
 * {@code key value}; {@code #} and {@code !} comments; a backslash at the end of a line continues
 * the value on the next one (its leading blanks dropped); escapes {@code \n \t \r \f \\} and a
 * backslash, u and four hex digits.
 */
public final class PropertiesReader {
  private PropertiesReader() {}

  /** The entries of {@code text} in file order; problems name {@code file} and the line. */
  public static Map<String, Catalog.Entry> read(String file, String text, List<Problem> problems) {
    Map<String, Catalog.Entry> entries = new LinkedHashMap<>();
    List<String> lines = physicalLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
    int i = 0;
    while (i < lines.size()) {
      int lineNumber = i + 1;
      String line = stripLeading(lines.get(i++));
      if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
        continue;
      }
      StringBuilder logical = new StringBuilder(line);
      while (endsWithOddBackslashes(logical)) {
        logical.setLength(logical.length() - 1);
        if (i >= lines.size()) {
          break;
        }
        logical.append(stripLeading(lines.get(i++)));
      }
      SourceLine where = new SourceLine(file, lineNumber);
      String raw = logical.toString();
      int k = 0;
      while (k < raw.length()) {
        char c = raw.charAt(k);
        if (c == '\\') {
          k += 2;
          continue;
        }
        if (c == '=' || c == ':' || isBlank(c)) {
          break;
        }
        k++;
      }
      k = Math.min(k, raw.length());
      int v = skipBlanks(raw, k);
      if (v < raw.length() && (raw.charAt(v) == '=' || raw.charAt(v) == ':')) {
        v = skipBlanks(raw, v + 1);
      }
      String key = unescape(raw.substring(0, k), where, problems);
      String value = unescape(raw.substring(v), where, problems);
      if (key.isEmpty()) {
        problems.add(Problem.error(where, "a line has a value but no key"));
        continue;
      }
      Catalog.Entry first = entries.get(key);
      if (first != null) {
        problems.add(Problem.error(where, "duplicate key `" + key + "` (first on line " + first.line().line() + ")"));
        continue;
      }
      entries.put(key, new Catalog.Entry(value, where));
    }
    return entries;
  }

  private static List<String> physicalLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  private static boolean endsWithOddBackslashes(CharSequence s) {
    int count = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      count++;
    }
    return count % 2 == 1;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\f';
  }

  private static String stripLeading(String s) {
    int i = skipBlanks(s, 0);
    return s.substring(i);
  }

  private static int skipBlanks(String s, int from) {
    int i = from;
    while (i < s.length() && isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String unescape(String s, SourceLine where, List<Problem> problems) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= s.length()) {
        break;
      }
      char e = s.charAt(i);
      switch (e) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'f' -> out.append('\f');
        case 'u' -> {
          String hex = i + 5 <= s.length() ? s.substring(i + 1, i + 5) : "";
          if (hex.length() == 4 && hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
            out.append((char) Integer.parseInt(hex, 16));
            i += 4;
          } else {
            problems.add(Problem.error(where, "malformed \\uXXXX escape"));
            out.append("\\u");
          }
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }
}
