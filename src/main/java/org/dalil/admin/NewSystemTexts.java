package org.dalil.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dalil.i18n.SystemKeys;

/**
 * The upgrade path for texts the code needs. A new version of Dalil may need a text that a version
 * published by an admin before the upgrade does not have ({@link SystemKeys#required()}): that
 * version no longer loads. The missing texts are copied from the files shipped with the new
 * version, each under a comment saying so, and the result is published as a version of its own.
 * Nothing the admins wrote is changed.
 */
final class NewSystemTexts {
  static final String COMMENT = "# Added when Dalil was upgraded: a text this version needs. Review it.";

  private NewSystemTexts() {}

  /** The published sources with the missing required texts added from {@code shipped}; the same map if none is missing. */
  static Map<String, String> addMissing(Map<String, String> published, Map<String, String> shipped) {
    Map<String, String> out = new TreeMap<>(published);
    for (Map.Entry<String, String> file : published.entrySet()) {
      String name = file.getKey();
      if (!name.startsWith("i18n/") || !name.endsWith(".properties") || !shipped.containsKey(name)) {
        continue;
      }
      List<String> added = new ArrayList<>();
      for (String key : SystemKeys.required()) {
        if (entry(file.getValue(), key) == null) {
          String line = entry(shipped.get(name), key);
          if (line != null) {
            added.add(line);
          }
        }
      }
      if (!added.isEmpty()) {
        StringBuilder text = new StringBuilder(file.getValue());
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
          text.append('\n');
        }
        text.append('\n').append(COMMENT).append('\n');
        added.forEach(l -> text.append(l).append('\n'));
        out.put(name, text.toString());
      }
    }
    return out;
  }

  /** The line {@code key=...} of a properties text (with its continuation lines), or null. */
  private static String entry(String properties, String key) {
    String[] lines = properties.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].stripLeading();
      if (line.startsWith(key) && line.substring(key.length()).stripLeading().matches("^[=:].*")) {
        StringBuilder out = new StringBuilder(lines[i].strip());
        while (out.toString().endsWith("\\") && i + 1 < lines.length) {
          out.append('\n').append(lines[++i]);
        }
        return out.toString();
      }
    }
    return null;
  }
}
