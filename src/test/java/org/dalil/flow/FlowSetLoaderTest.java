package org.dalil.flow;

import org.dalil.TestFiles;

import static org.dalil.flow.ProblemAssertions.assertHasError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dalil.directory.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowSetLoaderTest {
  private final FlowSetLoader loader = new FlowSetLoader();

  /** A copy of the minimal content in a directory the test may break. */
  static Path copyOfMinimal(Path dir) throws IOException {
    return TestFiles.copyTree(ContentSources.root("minimal"), dir);
  }

  private FlowSetLoader.Result loadRoot(Path root) {
    return loader.load(root.resolve("flows"), root.resolve("i18n"));
  }

  @Test
  void loadsTheMinimalContent() {
    FlowSetLoader.Result result = loadRoot(ContentSources.root("minimal"));
    assertTrue(result.ok(), result.problems()::toString);
    assertEquals(List.of(), result.problems());
    FlowSet set = result.flowSet();
    assertEquals(List.of("health", "human", "main", "services", "welcome"), set.flows().keySet().stream().sorted().toList());
    FlowSettings settings = set.settings();
    assertEquals(List.of("fr", "ar", "en"), settings.languages());
    assertEquals(new Target("welcome", "start"), settings.start());
    assertEquals(new Target("human", "offer"), settings.offerHuman());
    assertEquals(Duration.ofHours(24), settings.silenceTimeout());
    assertEquals(3, settings.maxMisses());
    assertEquals(Map.of("city", List.of("rabat", "oujda")), settings.choiceLists());
    assertInstanceOf(MenuNode.class, set.node(settings.start()).orElseThrow());
    assertInstanceOf(JumpNode.class, set.node(new Target("health", "back")).orElseThrow());
    assertEquals(3, set.directory().organisations().size());
    assertEquals(List.of("rabat_health", "national_line"),
        set.directory().find("services", "rabat").stream().map(o -> o.id()).toList());
    assertEquals("+212 500 000 002", set.directory().byId("national_line").orElseThrow().contacts().get("phone"));
    assertTrue(set.sources().containsKey("flows/settings.yaml"));
    assertTrue(set.sources().containsKey("i18n/ar.properties"));
  }

  @Test
  void theCatalogFallsBackToTheFirstLanguage() {
    FlowSet set = ContentSources.minimal().load().flowSet();
    assertEquals(List.of("fr", "ar", "en"), List.copyOf(set.catalog().languages()));
    assertEquals("مرحبا. لغتك؟", set.catalog().text("welcome.start", "ar").orElseThrow());
    assertEquals("Bienvenue. Votre langue ?", set.catalog().text("welcome.start", "de").orElseThrow());
    assertEquals("Bienvenue. Votre langue ?", set.catalog().text("welcome.start", null).orElseThrow());
    assertEquals("Santé : urgences de l'hôpital public le plus proche.",
        set.catalog().exact("health.intro.sms", "fr").orElseThrow());
    assertTrue(set.catalog().wordsInAllLanguages("numbers.2").containsAll(List.of("deux", "two", "جوج")));
  }

  @Test
  void theVersionIsAHashOfTheSources() {
    FlowSetLoader.Result first = loadRoot(ContentSources.root("minimal"));
    String version = first.flowSet().version();
    assertTrue(version.matches("[0-9a-f]{16}"), version);
    assertEquals(version, loadRoot(ContentSources.root("minimal")).flowSet().version());
    FlowSetLoader.Result rebuilt = loader.fromSources(first.flowSet().sources());
    assertEquals(version, rebuilt.flowSet().version());
    assertEquals(first.flowSet().flows(), rebuilt.flowSet().flows());
    assertEquals(first.flowSet().settings(), rebuilt.flowSet().settings());
    assertEquals(version, FlowSetLoader.version(first.flowSet().sources()));

    Map<String, String> reversed = new LinkedHashMap<>();
    first.flowSet().sources().keySet().stream().sorted(java.util.Comparator.reverseOrder())
        .forEach(k -> reversed.put(k, first.flowSet().sources().get(k)));
    assertEquals(version, loader.fromSources(reversed).flowSet().version());

    String changed = ContentSources.minimal()
        .replace("i18n/en.properties", "Welcome. Your language?", "Welcome! Your language?").load().flowSet().version();
    assertNotEquals(version, changed);
  }

  @Test
  void theDirectoryIsOptional() {
    FlowSetLoader.Result result = ContentSources.minimal().remove("flows/directory.yaml").load();
    assertTrue(result.ok(), result.problems()::toString);
    assertEquals(Directory.EMPTY, result.flowSet().directory());
  }

  @Test
  void invalidUtf8InAPropertiesFileIsAnErrorWithItsLine(@TempDir Path dir) throws IOException {
    Path root = copyOfMinimal(dir);
    Path fr = root.resolve("i18n/fr.properties");
    byte[] bad = "# ok\nwelcome.start=Bienvenue\nmain.bye=Au revoir \u00e9\n".getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = new byte[bad.length + 1];
    System.arraycopy(bad, 0, latin1, 0, bad.length);
    int at = new String(bad, StandardCharsets.UTF_8).indexOf("revoir") + "revoir ".length();
    latin1[at] = (byte) 0xE9; // é in Latin-1, invalid as UTF-8
    latin1[at + 1] = '\n';
    Files.write(fr, java.util.Arrays.copyOf(latin1, at + 2));
    FlowSetLoader.Result result = loadRoot(root);
    assertHasError(result, "i18n/fr.properties", 3, "not valid UTF-8");
  }

  @Test
  void invalidUtf8InAFlowFile(@TempDir Path dir) throws IOException {
    Path root = copyOfMinimal(dir);
    Files.write(root.resolve("flows/main.yaml"), new byte[] {'f', 'l', 'o', 'w', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    assertHasError(loadRoot(root), "flows/main.yaml", 1, "not valid UTF-8");
  }

  @Test
  void aByteOrderMarkIsAccepted(@TempDir Path dir) throws IOException {
    Path root = copyOfMinimal(dir);
    Path settings = root.resolve("flows/settings.yaml");
    Files.writeString(settings, "\uFEFF" + Files.readString(settings));
    assertTrue(loadRoot(root).ok());
  }

  @Test
  void missingDirectoriesAreErrors(@TempDir Path dir) {
    FlowSetLoader.Result result = loader.load(dir.resolve("nope"), dir.resolve("neither"));
    assertFalse(result.ok());
    assertHasError(result, "flows/", 0, "directory not found");
    assertHasError(result, "i18n/", 0, "directory not found");
  }

  @Test
  void onlyYamlAndPropertiesFilesAreRead(@TempDir Path dir) throws IOException {
    Path root = copyOfMinimal(dir);
    Files.writeString(root.resolve("flows/README.md"), "# notes");
    Files.writeString(root.resolve("flows/.draft.yaml"), "not: [valid");
    Files.writeString(root.resolve("i18n/fr.properties~"), "backup");
    FlowSetLoader.Result result = loadRoot(root);
    assertTrue(result.ok(), result.problems()::toString);
    assertFalse(result.sources().containsKey("flows/README.md"));
  }

  @Test
  void anUnexpectedSourcePathIsIgnoredWithAWarning() {
    FlowSetLoader.Result result = ContentSources.minimal().put("notes/todo.txt", "x").load();
    assertTrue(result.ok());
    ProblemAssertions.assertHasWarning(result, "notes/todo.txt", 0, "ignored");
  }

  @Test
  void noSourcesAtAll() {
    FlowSetLoader.Result result = loader.fromSources(Map.of());
    assertFalse(result.ok());
    assertHasError(result, "flows/settings.yaml", 0, "missing flows/settings.yaml");
    assertFalse(loader.fromSources(null).ok());
  }

  @Test
  void neverThrowsOnGarbage() {
    Random random = new Random(42);
    ContentSources base = ContentSources.minimal();
    List<String> paths = new ArrayList<>(base.map().keySet());
    for (int round = 0; round < 120; round++) {
      ContentSources c = ContentSources.minimal();
      String path = paths.get(random.nextInt(paths.size()));
      String text = switch (round % 6) {
        case 0 -> randomText(random, random.nextInt(400));
        case 1 -> "";
        case 2 -> "- a\n- b\n";
        case 3 -> mutate(base.get(path), random);
        case 4 -> "[".repeat(5000) + "]".repeat(5000);
        default -> "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
            + "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
      };
      c.put(path, text);
      FlowSetLoader.Result result = c.load();
      assertNotNull(result.problems());
      for (Problem p : result.problems()) {
        assertNotNull(p.where().file(), p::toString);
        assertFalse(p.message().contains("internal error"), () -> path + ": " + p);
      }
      if (round % 6 == 1 && !path.equals("flows/directory.yaml")) {
        assertFalse(result.ok(), () -> "an empty " + path + " must be an error");
      }
    }
  }

  @Test
  void aListInsteadOfAMapIsAnErrorInEveryYamlFile() {
    for (String path : List.of("flows/settings.yaml", "flows/directory.yaml", "flows/main.yaml")) {
      FlowSetLoader.Result result = ContentSources.minimal().put(path, "- one\n- two\n").load();
      assertHasError(result, path, 1, "must be a map of fields, not a list");
    }
  }

  private static String randomText(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** The text with a few characters replaced by YAML- and properties-significant ones. */
  private static String mutate(String text, Random random) {
    char[] chars = text.toCharArray();
    String significant = ":-[]{}#&*!|>'\"%@`\\\n\t ";
    for (int i = 0; i < 5 && chars.length > 0; i++) {
      chars[random.nextInt(chars.length)] = significant.charAt(random.nextInt(significant.length()));
    }
    return new String(chars);
  }
}
