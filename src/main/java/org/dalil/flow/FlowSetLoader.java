package org.dalil.flow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalil.directory.Directory;
import org.dalil.directory.DirectoryReader;
import org.dalil.i18n.Catalog;
import org.dalil.i18n.PropertiesReader;
import org.dalil.nlp.TrainingPhrase;
import org.dalil.nlp.TrainingPhrases;
import org.dalil.nlp.TrainingReader;

/**
 * Reads {@code flows/} and {@code i18n/} into a {@link FlowSet} and validates it. Never throws on
 * bad content: the problems say what is wrong and where.
 *
 * <p>Both entry points go through the same source map ({@code flows/<file>} and {@code
 * i18n/<file>} to text), so a version stored in the database rebuilds exactly as it was loaded.
 */
public final class FlowSetLoader {

  /** Larger content files are refused: they are not hand-written flows. */
  public static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

  private static final Pattern FLOW_SOURCE = Pattern.compile("flows/([^/]+)\\.yaml");
  private static final Pattern TEXT_SOURCE = Pattern.compile("i18n/([^/]+)\\.properties");
  private static final String LANGUAGE_OF_LAST_RESORT = "en";

  /**
   * The outcome of a load: a flow set when there is no error, and every problem found, sorted by
   * file and line.
   *
   * @param sources the sources that were read, also when the load failed
   */
  public record Result(FlowSet flowSet, List<Problem> problems, Map<String, String> sources) {
    public Result {
      problems = List.copyOf(problems);
      sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    public Result(FlowSet flowSet, List<Problem> problems) {
      this(flowSet, problems, flowSet == null ? Map.of() : flowSet.sources());
    }

    public boolean ok() {
      return flowSet != null;
    }

    public List<Problem> errors() {
      return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    public List<Problem> warnings() {
      return problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList();
    }
  }

  /** Loads the files of two directories. Source paths are {@code flows/<name>} and {@code i18n/<name>}. */
  public Result load(Path flowsDir, Path i18nDir) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> sources = new TreeMap<>();
    readDirectory(flowsDir, "flows", ".yaml", sources, problems);
    readDirectory(i18nDir, "i18n", ".properties", sources, problems);
    if (i18nDir != null && Files.isDirectory(i18nDir)) {
      // Training phrases of the NLP live beside the translations: one version holds both.
      readDirectory(i18nDir, TrainingReader.DIRECTORY, TrainingReader.SUFFIX, sources, problems);
    }
    return build(sources, problems);
  }

  /**
   * Rebuilds a flow set from stored sources (path to text, as in {@link FlowSet#sources()}); the
   * version is a hash of the sources, so the same files always give the same version.
   */
  public Result fromSources(Map<String, String> sources) {
    return build(sources == null ? Map.of() : sources, new ArrayList<>());
  }

  /** Whether a source path is a flow file (not the settings, not the directory). */
  public static boolean isFlowSource(String path) {
    return FLOW_SOURCE.matcher(path).matches() && !path.equals(SettingsReader.FILE) && !path.equals(DirectoryReader.FILE);
  }

  /** Whether a source path is a translation file. */
  public static boolean isTextSource(String path) {
    return TEXT_SOURCE.matcher(path).matches();
  }

  /** A hex SHA-256 (first 16 digits) of the sources sorted by path. */
  public static String version(Map<String, String> sources) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> e : new TreeMap<>(sources).entrySet()) {
        digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(e.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private Result build(Map<String, String> given, List<Problem> problems) {
    Map<String, String> sources = new TreeMap<>();
    given.forEach((path, text) -> {
      if (path != null && text != null) {
        sources.put(path, text);
      }
    });
    try {
      return buildChecked(sources, problems);
    } catch (RuntimeException | StackOverflowError e) {
      // A reader bug must not take the server down with it: refuse this content instead.
      problems.add(Problem.error(SourceLine.UNKNOWN, "internal error while reading the content: " + e));
      return new Result(null, sorted(problems), sources);
    }
  }

  private Result buildChecked(Map<String, String> sources, List<Problem> problems) {
    SettingsReader.ReadSettings settings = null;
    Directory directory = Directory.EMPTY;
    List<FlowFileReader.ReadFlow> flows = new ArrayList<>();
    Map<String, Map<String, Catalog.Entry>> texts = new TreeMap<>();
    Map<String, String> textFiles = new TreeMap<>();
    List<TrainingPhrase> training = new ArrayList<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      String path = source.getKey();
      String text = source.getValue();
      Matcher textFile = TEXT_SOURCE.matcher(path);
      if (path.equals(SettingsReader.FILE)) {
        settings = SettingsReader.read(text, problems);
      } else if (path.equals(DirectoryReader.FILE)) {
        directory = DirectoryReader.read(text, problems);
      } else if (isFlowSource(path)) {
        flows.add(FlowFileReader.read(path, text, problems));
      } else if (textFile.matches()) {
        texts.put(textFile.group(1), PropertiesReader.read(path, text, problems));
        textFiles.put(textFile.group(1), path);
      } else if (TrainingReader.isTrainingSource(path)) {
        training.addAll(TrainingReader.read(path, text, problems));
      } else {
        problems.add(Problem.warning(new SourceLine(path, 0),
            "ignored: flows are flows/<id>.yaml, texts i18n/<language>.properties and training phrases"
                + " i18n/<language>" + TrainingReader.SUFFIX));
      }
    }
    if (settings == null) {
      problems.add(Problem.error(new SourceLine(SettingsReader.FILE, 0), "missing " + SettingsReader.FILE));
    }
    problems.addAll(FlowValidator.validate(new FlowValidator.Input(settings, flows, texts, textFiles, directory,
        new TrainingPhrases(training))));
    boolean failed = problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    if (failed || settings == null || settings.settings() == null) {
      return new Result(null, sorted(problems), sources);
    }
    FlowSettings flowSettings = settings.settings();
    Map<String, Flow> flowsById = new LinkedHashMap<>();
    for (FlowFileReader.ReadFlow read : flows) {
      flowsById.put(read.flow().id(), read.flow());
    }
    Map<String, Map<String, Catalog.Entry>> byLanguage = new LinkedHashMap<>();
    for (String language : flowSettings.languages()) {
      byLanguage.put(language, texts.get(language));
    }
    List<String> fallbacks = new ArrayList<>(List.of(flowSettings.defaultLanguage()));
    if (!fallbacks.contains(LANGUAGE_OF_LAST_RESORT)) {
      fallbacks.add(LANGUAGE_OF_LAST_RESORT);
    }
    Catalog catalog = new Catalog(byLanguage, fallbacks);
    FlowSet set = new FlowSet(version(sources), flowsById, flowSettings, catalog, directory, sources);
    return new Result(set, sorted(problems), sources);
  }

  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> copy = new ArrayList<>(problems);
    copy.sort(Comparator.comparing((Problem p) -> p.where().file()).thenComparingInt(p -> p.where().line()));
    return copy;
  }

  private static void readDirectory(Path dir, String prefix, String suffix, Map<String, String> sources,
      List<Problem> problems) {
    if (dir == null || !Files.isDirectory(dir)) {
      problems.add(Problem.error(new SourceLine(prefix + "/", 0), "directory not found: " + dir));
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix) || name.startsWith(".") || !Files.isRegularFile(file)) {
          continue;
        }
        String path = prefix + "/" + name;
        try {
          if (Files.size(file) > MAX_FILE_BYTES) {
            problems.add(Problem.error(new SourceLine(path, 0), "file larger than " + MAX_FILE_BYTES + " bytes"));
            continue;
          }
          sources.put(path, decode(Files.readAllBytes(file), path, problems));
        } catch (IOException e) {
          problems.add(Problem.error(new SourceLine(path, 0), "unreadable: " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      problems.add(Problem.error(new SourceLine(prefix + "/", 0), "unreadable directory " + dir + ": " + e.getMessage()));
    }
  }

  /**
   * Decodes UTF-8, reporting the line of the first invalid byte sequence; the text returned then
   * has replacement characters, and the error keeps it from being used.
   */
  static String decode(byte[] bytes, String path, List<Problem> problems) {
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = strict.decode(in, out, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      problems.add(Problem.error(new SourceLine(path, line), "not valid UTF-8: save the file as UTF-8"));
      return new String(bytes, StandardCharsets.UTF_8);
    }
    strict.flush(out);
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
