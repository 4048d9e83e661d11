package org.dalil.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dalil.directory.Organisation;

/**
 * Writes one organisation of {@code flows/directory.yaml} from a form, keeping the rest of the file
 * (comments with their sources, other entries) as it is. The result goes into the draft and is
 * checked by the loader like any other edit.
 */
public final class DirectoryEditor {
  private DirectoryEditor() {}

  /** {@code text} with the entry {@code org.id()} replaced, or appended when there is none. */
  public static String put(String text, Organisation org) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("- id: " + org.id()) && lines.get(i).startsWith("  - ")) {
        start = i;
        break;
      }
    }
    List<String> entry = entry(org);
    if (start < 0) {
      int end = lines.size();
      while (end > 0 && lines.get(end - 1).isBlank()) {
        end--;
      }
      lines.addAll(end, entry);
      return String.join("\n", lines) + (text.endsWith("\n") ? "" : "\n");
    }
    int end = start + 1;
    // The entry goes on while lines are indented deeper than its dash (comments before the next entry stay).
    while (end < lines.size() && lines.get(end).startsWith("    ")) {
      end++;
    }
    for (int i = end - 1; i >= start; i--) {
      lines.remove(i);
    }
    lines.addAll(start, entry);
    return String.join("\n", lines);
  }

  private static List<String> entry(Organisation o) {
    List<String> out = new ArrayList<>();
    out.add("  - id: " + o.id());
    out.add("    name: " + quote(o.name()));
    out.add("    cities: " + list(o.cities()));
    out.add("    topics: " + list(o.topics()));
    out.add("    languages: " + list(o.languages()));
    Map<String, String> contacts = new TreeMap<>(o.contacts());
    contacts.values().removeIf(v -> v == null || v.isBlank());
    if (!contacts.isEmpty()) {
      out.add("    contacts:");
      contacts.forEach((k, v) -> out.add("      " + k + ": " + quote(v)));
    }
    out.add("    active: " + o.active());
    return out;
  }

  private static String list(List<String> values) {
    return "[" + String.join(", ", values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList()) + "]";
  }

  /** A YAML double-quoted scalar: always safe, whatever the text (colons, #, Arabic). */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
  }

  /** Words separated by commas or spaces, for the form's list fields. */
  public static List<String> words(String s) {
    if (s == null || s.isBlank()) {
      return List.of();
    }
    return Arrays.stream(s.split("[,\\s]+")).filter(w -> !w.isBlank()).toList();
  }
}
