package org.dalil.flow;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code flows/settings.yaml} into {@link FlowSettings}, every problem on its line. */
public final class SettingsReader {

  public static final String FILE = "flows/settings.yaml";
  public static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofHours(24);
  public static final int DEFAULT_MAX_MISSES = 3;

  /** Settings fields that name a node, in the order of {@link FlowSettings}. */
  public static final List<String> TARGET_FIELDS = List.of("start", "menu", "language", "human", "offer_human");

  private static final Set<String> FIELDS = Set.of("languages", "start", "menu", "language", "human",
      "offer_human", "silence_timeout", "max_misses", "choice_lists", "topics");

  /** Prefix of the i18n key of a topic's label: {@code topic.health}. */
  public static final String TOPIC_LABEL_PREFIX = "topic.";

  /**
   * The settings as read.
   *
   * @param settings null when a required field is missing or unreadable
   * @param fieldLines line of each top-level field
   * @param valueLines line of each choice value, keyed by its label key {@code list.value}, and of
   *     each topic, keyed by its label key {@code topic.name}
   */
  public record ReadSettings(FlowSettings settings, Map<String, SourceLine> fieldLines, Map<String, SourceLine> valueLines) {

    /** The line of a field, or line 1 of the file when the field is absent. */
    public SourceLine line(String field) {
      return fieldLines.getOrDefault(field, new SourceLine(FILE, 1));
    }
  }

  private SettingsReader() {}

  public static ReadSettings read(String text, List<Problem> problems) {
    Map<String, SourceLine> fieldLines = new HashMap<>();
    Map<String, SourceLine> valueLines = new LinkedHashMap<>();
    int before = problems.size();
    org.yaml.snakeyaml.nodes.Node root = YamlDocument.parse(text, FILE, problems);
    if (problems.size() > before) {
      return new ReadSettings(null, fieldLines, valueLines);
    }
    YamlMap m = YamlMap.of(root, FILE, "settings.yaml", problems);
    if (m == null) {
      return new ReadSettings(null, fieldLines, valueLines);
    }
    for (String key : m.keys()) {
      fieldLines.put(key, m.lineOf(key));
    }
    m.rejectUnknown(FIELDS, "settings.yaml (fields: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
    boolean complete = true;

    List<String> languages = new ArrayList<>();
    if (!m.has("languages") || YamlMap.isNull(m.value("languages"))) {
      m.error("languages", "missing field `languages` in settings.yaml");
      complete = false;
    } else {
      for (org.yaml.snakeyaml.nodes.Node item : nullToEmpty(m.list("languages"))) {
        String language = YamlMap.itemText(item, FILE, "a language", problems);
        if (language == null) {
          continue;
        }
        SourceLine where = YamlDocument.line(FILE, item);
        if (!Target.isValidId(language)) {
          problems.add(Problem.error(where, "bad language code `" + language + "`: use a-z, 0-9, _ and -"));
        } else if (languages.contains(language)) {
          problems.add(Problem.error(where, "language `" + language + "` is listed twice"));
        } else {
          languages.add(language);
        }
      }
      if (languages.isEmpty()) {
        m.error("languages", "`languages` lists no language");
        complete = false;
      }
    }

    List<Target> targets = new ArrayList<>();
    for (String field : TARGET_FIELDS) {
      String raw = m.requiredText(field, "settings.yaml");
      Target target = raw == null ? null : FlowFileReader.parseTarget(raw, null, true);
      if (raw != null && target == null) {
        m.error(field, "bad target `" + raw + "` in `" + field + "`: write flow.node (or flow) with a-z, 0-9, _ and -");
      }
      complete &= target != null;
      targets.add(target);
    }

    Duration silence = DEFAULT_SILENCE_TIMEOUT;
    String silenceText = m.text("silence_timeout");
    if (silenceText != null) {
      try {
        silence = Duration.parse(silenceText.strip());
        if (silence.isNegative() || silence.isZero()) {
          m.error("silence_timeout", "`silence_timeout` must be longer than zero");
          complete = false;
        }
      } catch (DateTimeParseException e) {
        m.error("silence_timeout", "bad duration `" + silenceText + "` in `silence_timeout`: write ISO-8601, e.g. PT24H");
        complete = false;
      }
    }

    long maxMisses = m.number("max_misses", DEFAULT_MAX_MISSES);
    if (maxMisses < 1 || maxMisses > 100) {
      m.error("max_misses", "`max_misses` must be between 1 and 100, not " + maxMisses);
      complete = false;
    }

    Map<String, List<String>> choiceLists = new LinkedHashMap<>();
    YamlMap lists = m.map("choice_lists");
    if (lists != null) {
      for (String name : lists.keys()) {
        if (!Target.isValidId(name)) {
          lists.error(name, "bad choice list name `" + name + "`: use a-z, 0-9, _ and -");
          continue;
        }
        Set<String> values = new LinkedHashSet<>();
        List<org.yaml.snakeyaml.nodes.Node> items = lists.list(name);
        if (items == null || items.isEmpty()) {
          lists.error(name, "choice list `" + name + "` has no values");
          continue;
        }
        for (org.yaml.snakeyaml.nodes.Node item : items) {
          String value = YamlMap.itemText(item, FILE, "a value of choice list `" + name + "`", problems);
          if (value == null) {
            continue;
          }
          SourceLine where = YamlDocument.line(FILE, item);
          if (!Target.isValidId(value)) {
            problems.add(Problem.error(where, "bad id `" + value + "` in choice list `" + name + "`: use a-z, 0-9, _ and -"));
          } else if (!values.add(value)) {
            problems.add(Problem.error(where, "`" + value + "` is listed twice in choice list `" + name + "`"));
          } else {
            valueLines.put(name + "." + value, where);
          }
        }
        choiceLists.put(name, List.copyOf(values));
      }
    }

    Map<String, Target> topics = new LinkedHashMap<>();
    YamlMap topicMap = m.map("topics");
    if (topicMap != null) {
      for (String name : topicMap.keys()) {
        if (!Target.isValidId(name)) {
          topicMap.error(name, "bad topic name `" + name + "`: use a-z, 0-9, _ and -");
          continue;
        }
        String raw = topicMap.text(name);
        Target target = raw == null ? null : FlowFileReader.parseTarget(raw.strip(), null, true);
        if (target == null) {
          topicMap.error(name, "topic `" + name + "` needs a target: write flow.node (or flow) with a-z, 0-9, _ and -");
          continue;
        }
        topics.put(name, target);
        valueLines.put(TOPIC_LABEL_PREFIX + name, topicMap.lineOf(name));
      }
    }

    if (!complete) {
      return new ReadSettings(null, fieldLines, valueLines);
    }
    FlowSettings settings = new FlowSettings(languages, targets.get(0), targets.get(1), targets.get(2),
        targets.get(3), targets.get(4), silence, (int) maxMisses, choiceLists, topics);
    return new ReadSettings(settings, fieldLines, valueLines);
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
