package org.dalil.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dalil.channel.SmsSegments;
import org.dalil.i18n.Catalog;
import org.dalil.i18n.PropertiesReader;

/**
 * The translations of a draft as a table: one row per key, one cell per language. French is the
 * source language: a translation is outdated when the French text changed after it was saved.
 */
public final class TranslationTable {
  public static final String SOURCE_LANGUAGE = "fr";
  public static final List<String> LANGUAGES = List.of("fr", "ar", "en");

  /** One text: empty when missing; {@code outdated} when translated from another French text. */
  public record Cell(String language, String text, boolean missing, boolean outdated, int segments) {
    public String dir() {
      return "ar".equals(language) ? "rtl" : "ltr";
    }
  }

  public record Row(String key, String group, List<Cell> cells) {
    public boolean anyMissing() {
      return cells.stream().anyMatch(Cell::missing);
    }

    public boolean anyOutdated() {
      return cells.stream().anyMatch(Cell::outdated);
    }
  }

  private TranslationTable() {}

  /** The file of a language's texts in a sources map. */
  public static String file(String language) {
    return "i18n/" + language + ".properties";
  }

  /**
   * @param frHashes per key and language, the hash of the French text the translation was saved from
   * @param group only keys of this group (the part before the first dot: a flow id), or null for all
   * @param missingOnly only rows with a missing text
   */
  public static List<Row> rows(Map<String, String> sources, Map<String, Map<String, String>> frHashes, String group,
      boolean missingOnly) {
    Map<String, Map<String, Catalog.Entry>> byLanguage = new TreeMap<>();
    TreeSet<String> keys = new TreeSet<>();
    for (String language : LANGUAGES) {
      String text = sources.get(file(language));
      Map<String, Catalog.Entry> entries = text == null ? Map.of()
          : PropertiesReader.read(file(language), text, new ArrayList<>());
      byLanguage.put(language, entries);
      keys.addAll(entries.keySet());
    }
    List<Row> rows = new ArrayList<>();
    for (String key : keys) {
      String keyGroup = group(key);
      if (group != null && !group.isBlank() && !group.equals(keyGroup)) {
        continue;
      }
      Catalog.Entry fr = byLanguage.get(SOURCE_LANGUAGE).get(key);
      String frHash = fr == null ? null : hash(fr.text());
      List<Cell> cells = new ArrayList<>();
      for (String language : LANGUAGES) {
        Catalog.Entry e = byLanguage.get(language).get(key);
        String text = e == null ? "" : e.text();
        String savedFrom = frHashes.getOrDefault(key, Map.of()).get(language);
        boolean outdated = !language.equals(SOURCE_LANGUAGE) && e != null && savedFrom != null && frHash != null
            && !savedFrom.equals(frHash);
        cells.add(new Cell(language, text, text.isEmpty(), outdated, text.isEmpty() ? 0 : SmsSegments.segments(text)));
      }
      Row row = new Row(key, keyGroup, cells);
      if (!missingOnly || row.anyMissing()) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** The groups (flow ids and other prefixes) of the keys, for the filter. */
  public static List<String> groups(Map<String, String> sources) {
    TreeSet<String> groups = new TreeSet<>();
    for (String language : LANGUAGES) {
      String text = sources.get(file(language));
      if (text != null) {
        PropertiesReader.read(file(language), text, new ArrayList<>()).keySet().forEach(k -> groups.add(group(k)));
      }
    }
    return List.copyOf(groups);
  }

  static String group(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }

  /** The French text of a key in a sources map, or null. */
  public static String frenchText(Map<String, String> sources, String key) {
    String text = sources.get(file(SOURCE_LANGUAGE));
    if (text == null) {
      return null;
    }
    Catalog.Entry e = PropertiesReader.read(file(SOURCE_LANGUAGE), text, new ArrayList<>()).get(key);
    return e == null ? null : e.text();
  }

  public static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
