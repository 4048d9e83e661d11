package org.dalil.nlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalil.flow.Problem;
import org.dalil.flow.SourceLine;
import org.dalil.flow.Target;
import org.dalil.i18n.Normalizer;

/**
 * Reads a training file, {@code i18n/<language>.training.txt}: UTF-8 text, one phrase a line,
 * under a section header that says what the phrases are.
 *
 * <pre>
 * # comment
 * [health]                 examples of the topic `health`
 * mon enfant est malade
 * [urgent self_harm]       urgent phrases; the word after `urgent` says what kind of danger
 * je veux mourir
 * </pre>
 *
 * Never throws on bad content: each problem names the file and line.
 */
public final class TrainingReader {
  private TrainingReader() {}

  /** Where training files are: beside the translations, one per language. */
  public static final String DIRECTORY = "i18n";
  public static final String SUFFIX = ".training.txt";
  /** Longer lines are not phrases people write to a helpline. */
  public static final int MAX_PHRASE_LENGTH = 300;
  /** The header word of urgent sections. */
  public static final String URGENT = "urgent";

  private static final Pattern SOURCE = Pattern.compile("i18n/([a-z0-9_-]+)\\.training\\.txt");
  private static final Pattern HEADER = Pattern.compile("\\[\\s*(?:(" + URGENT + ")\\s+)?([^\\]\\s]*)\\s*]");

  /** Whether a source path is a training file. */
  public static boolean isTrainingSource(String path) {
    return SOURCE.matcher(path).matches();
  }

  /** The language of a training file's path, or null when the path is not one. */
  public static String languageOf(String path) {
    Matcher m = SOURCE.matcher(path);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * The phrases of one file, in file order. Problems: a phrase before any section, a bad section
   * name, an empty section, a phrase that is too long or empty once normalised (errors); the
   * same phrase twice in a section (warning).
   */
  public static List<TrainingPhrase> read(String path, String text, List<Problem> problems) {
    String language = languageOf(path);
    List<TrainingPhrase> phrases = new ArrayList<>();
    String label = null;
    boolean urgent = false;
    boolean skipping = false;
    SourceLine sectionLine = null;
    int inSection = 0;
    Map<String, Integer> seen = new HashMap<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      SourceLine where = new SourceLine(path, i + 1);
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        emptySection(label, urgent, sectionLine, inSection, problems);
        Matcher m = HEADER.matcher(line);
        skipping = !m.matches() || !Target.isValidId(m.group(2));
        if (skipping) {
          // The phrases under a bad header are skipped without one error each.
          problems.add(Problem.error(where, "bad section `" + line + "`: write [topic] or [urgent reason], with a-z, 0-9, _ and -"));
          label = null;
          continue;
        }
        urgent = m.group(1) != null;
        label = m.group(2);
        sectionLine = where;
        inSection = 0;
        continue;
      }
      if (label == null) {
        if (!skipping) {
          problems.add(Problem.error(where, "phrase outside a section: start the file with [topic] or [urgent reason]"));
          skipping = true;
        }
        continue;
      }
      inSection++;
      if (line.length() > MAX_PHRASE_LENGTH) {
        problems.add(Problem.error(where, "phrase longer than " + MAX_PHRASE_LENGTH + " characters"));
        continue;
      }
      String normalised = Normalizer.normalize(line);
      if (normalised.isEmpty()) {
        problems.add(Problem.error(where, "phrase without a word"));
        continue;
      }
      String section = section(label, urgent);
      Integer first = seen.putIfAbsent(section + "\u0000" + normalised, i + 1);
      if (first != null) {
        problems.add(Problem.warning(where, "same phrase as line " + first + " in " + section));
        continue;
      }
      phrases.add(new TrainingPhrase(language, label, urgent, line, where));
    }
    emptySection(label, urgent, sectionLine, inSection, problems);
    return phrases;
  }

  private static void emptySection(String label, boolean urgent, SourceLine line, int phrases, List<Problem> problems) {
    if (label != null && phrases == 0) {
      problems.add(Problem.warning(line, "section " + section(label, urgent) + " has no phrases"));
    }
  }

  /** A section as written: {@code [health]} or {@code [urgent self_harm]}. */
  static String section(String label, boolean urgent) {
    return "[" + (urgent ? URGENT + " " : "") + label + "]";
  }
}
