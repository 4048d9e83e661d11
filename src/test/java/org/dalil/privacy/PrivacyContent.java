package org.dalil.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.dalil.TestFiles;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;

/**
 * The minimal test content, as is, or copied with one more main menu option that asks a free-text
 * question (a variable holding whatever the contact writes: what must never reach a log).
 */
public final class PrivacyContent {
  public static final Path MINIMAL = Path.of("src", "test", "resources", "content", "minimal");

  private PrivacyContent() {}

  public static FlowSet minimal() {
    return load(MINIMAL);
  }

  public static FlowSet load(Path root) {
    FlowSetLoader.Result result = new FlowSetLoader().load(root.resolve("flows"), root.resolve("i18n"));
    if (!result.ok()) {
      throw new AssertionError("test content does not load: " + result.problems());
    }
    return result.flowSet();
  }

  /**
   * A copy of the minimal content under {@code dir} whose main menu has a fifth option, "Tell us
   * about your situation", a free-text input into {@code situation} that then hands off.
   */
  public static Path withFreeTextQuestion(Path dir) {
    try {
      TestFiles.copyTree(MINIMAL, dir);
      Path main = dir.resolve("flows/main.yaml");
      String yaml = Files.readString(main).replace("      - {label: main.menu.bye, goto: bye}\n",
          "      - {label: main.menu.bye, goto: bye}\n      - {label: main.menu.situation, goto: situation.start}\n");
      Files.writeString(main, yaml);
      Files.writeString(dir.resolve("flows/situation.yaml"), """
          flow: situation
          title: A free-text question
          nodes:
            - id: start
              input: situation.ask
              into: situation
              accept: {text: {max: 300}}
              goto: thanks
            - id: thanks
              message: situation.thanks
              goto: human.start
          """);
      append(dir, "fr", "main.menu.situation=Votre situation\nsituation.ask=Décrivez votre situation.\nsituation.thanks=Merci.\n");
      append(dir, "ar", "main.menu.situation=وضعك\nsituation.ask=صف وضعك.\nsituation.thanks=شكرا.\n");
      append(dir, "en", "main.menu.situation=Your situation\nsituation.ask=Describe your situation.\nsituation.thanks=Thank you.\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void append(Path dir, String language, String lines) throws IOException {
    Files.writeString(dir.resolve("i18n/" + language + ".properties"), "\n" + lines, StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }
}
