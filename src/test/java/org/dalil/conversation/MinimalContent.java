package org.dalil.conversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;

/** The loader's minimal test content ({@code src/test/resources/content/minimal}), as is or copied to be edited. */
final class MinimalContent {
  static final Path ROOT = Path.of("src", "test", "resources", "content", "minimal");

  private MinimalContent() {}

  static FlowSet load() {
    return load(ROOT);
  }

  static FlowSet load(Path root) {
    FlowSetLoader.Result result = new FlowSetLoader().load(root.resolve("flows"), root.resolve("i18n"));
    if (!result.ok()) {
      throw new AssertionError("test content does not load: " + result.problems());
    }
    return result.flowSet();
  }

  /** A copy under {@code dir} (with {@code flows/} and {@code i18n/}) that a test may change. */
  static Path copyTo(Path dir) {
    try {
      for (String sub : new String[] {"flows", "i18n"}) {
        Files.createDirectories(dir.resolve(sub));
        try (Stream<Path> files = Files.list(ROOT.resolve(sub))) {
          for (Path f : files.toList()) {
            Files.copy(f, dir.resolve(sub).resolve(f.getFileName()));
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the value of {@code key} in {@code i18n/<language>.properties} under {@code root}. */
  static void setText(Path root, String language, String key, String value) {
    Path file = root.resolve("i18n").resolve(language + ".properties");
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String replaced = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$",
          java.util.regex.Matcher.quoteReplacement(key + "=" + value));
      if (replaced.equals(text)) {
        throw new AssertionError("no key " + key + " in " + file);
      }
      Files.writeString(file, replaced, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
