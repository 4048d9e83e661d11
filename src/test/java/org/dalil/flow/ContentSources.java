package org.dalil.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The sources of a test content set under {@code src/test/resources/content/<name>}, to be edited
 * per test and loaded with {@link FlowSetLoader#fromSources}.
 */
final class ContentSources {
  private final Map<String, String> sources;

  private ContentSources(Map<String, String> sources) {
    this.sources = new TreeMap<>(sources);
  }

  /** The root directory of {@code content/<name>} on the test class path. */
  static Path root(String name) {
    try {
      return Path.of(ContentSources.class.getResource("/content/" + name + "/flows").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ContentSources minimal() {
    Path root = root("minimal");
    FlowSetLoader.Result result = new FlowSetLoader().load(root.resolve("flows"), root.resolve("i18n"));
    assertTrue(result.ok(), () -> "the minimal fixture must load: " + result.problems());
    return new ContentSources(result.sources());
  }

  String get(String path) {
    String text = sources.get(path);
    assertNotNull(text, path);
    return text;
  }

  ContentSources put(String path, String text) {
    sources.put(path, text);
    return this;
  }

  ContentSources remove(String path) {
    assertNotNull(sources.remove(path), path);
    return this;
  }

  /** Replaces the one occurrence of {@code from} in a file (failing when it is not there once). */
  ContentSources replace(String path, String from, String to) {
    String text = get(path);
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      fail("`" + from + "` must occur once in " + path);
    }
    sources.put(path, text.substring(0, at) + to + text.substring(at + from.length()));
    return this;
  }

  /** Removes the line of a properties file that defines {@code key}. */
  ContentSources removeKey(String path, String key) {
    String text = get(path);
    String kept = text.lines().filter(l -> !l.startsWith(key + "=")).collect(Collectors.joining("\n", "", "\n"));
    assertEquals(text.lines().count() - 1, kept.lines().count(), key + " in " + path);
    sources.put(path, kept);
    return this;
  }

  /** Appends lines to a file. */
  ContentSources append(String path, String lines) {
    sources.put(path, get(path) + lines);
    return this;
  }

  /** The 1-based line of the first line of {@code path} that contains {@code snippet}. */
  int lineOf(String path, String snippet) {
    List<String> lines = get(path).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(snippet)) {
        return i + 1;
      }
    }
    return fail("`" + snippet + "` not in " + path);
  }

  Map<String, String> map() {
    return Map.copyOf(sources);
  }

  FlowSetLoader.Result load() {
    return new FlowSetLoader().fromSources(sources);
  }
}
