package org.dalil.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping being read into the model: typed access to its fields, where every problem is
 * reported as an error on the line of the field. Readers never throw; a field that cannot be read
 * gives null (or the default) and an error.
 */
public final class YamlMap {
  private static final Set<String> TRUE = Set.of("true", "yes", "on");
  private static final Set<String> FALSE = Set.of("false", "no", "off");

  private final String file;
  private final List<Problem> problems;
  private final SourceLine line;
  private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

  private YamlMap(MappingNode node, String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
    this.line = YamlDocument.line(file, node);
    for (NodeTuple tuple : node.getValue()) {
      Node key = tuple.getKeyNode();
      SourceLine keyLine = YamlDocument.line(file, key);
      if (!(key instanceof ScalarNode scalar) || isNull(key)) {
        problems.add(Problem.error(keyLine, "a field name must be plain text"));
        continue;
      }
      NodeTuple first = fields.get(scalar.getValue());
      if (first != null) {
        problems.add(Problem.error(keyLine, "duplicate field `" + scalar.getValue() + "` (first on line "
            + YamlDocument.line(file, first.getKeyNode()).line() + ")"));
        continue;
      }
      fields.put(scalar.getValue(), tuple);
    }
  }

  /**
   * Reads {@code node} as a mapping; null (and an error naming {@code what}) when it is something
   * else. A null node (empty document) is reported too.
   */
  public static YamlMap of(Node node, String file, String what, List<Problem> problems) {
    if (node instanceof MappingNode mapping) {
      return new YamlMap(mapping, file, problems);
    }
    SourceLine where = node == null ? new SourceLine(file, 1) : YamlDocument.line(file, node);
    problems.add(Problem.error(where, what + " must be a map of fields, not " + describe(node)));
    return null;
  }

  public SourceLine line() {
    return line;
  }

  /** The line of field {@code key}, or of the mapping when the field is absent. */
  public SourceLine lineOf(String key) {
    NodeTuple tuple = fields.get(key);
    return tuple == null ? line : YamlDocument.line(file, tuple.getKeyNode());
  }

  public Set<String> keys() {
    return fields.keySet();
  }

  public boolean has(String key) {
    return fields.containsKey(key);
  }

  /** The value node of {@code key}; null when absent. */
  public Node value(String key) {
    NodeTuple tuple = fields.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  public String file() {
    return file;
  }

  public void error(String key, String message) {
    problems.add(Problem.error(lineOf(key), message));
  }

  /** Reports every field not in {@code allowed}. */
  public void rejectUnknown(Collection<String> allowed, String what) {
    for (String key : fields.keySet()) {
      if (!allowed.contains(key)) {
        error(key, "unknown field `" + key + "` in " + what);
      }
    }
  }

  /** A text field; null when absent or written {@code ~}; an error when it is a list or a map. */
  public String text(String key) {
    Node value = value(key);
    if (value == null || isNull(value)) {
      return null;
    }
    if (value instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    error(key, "`" + key + "` must be text, not " + describe(value));
    return null;
  }

  /** A text field that must be present and not empty. */
  public String requiredText(String key, String what) {
    if (!has(key) || isNull(value(key))) {
      error(key, "missing field `" + key + "` in " + what);
      return null;
    }
    String text = text(key);
    if (text != null && text.isBlank()) {
      error(key, "`" + key + "` is empty");
      return null;
    }
    return text;
  }

  /** An id (a-z, 0-9, _ and -); null and an error when it is not one. */
  public String id(String key, String what, boolean required) {
    String text = required ? requiredText(key, what) : text(key);
    if (text != null && !Target.isValidId(text)) {
      error(key, "bad id `" + text + "` in `" + key + "`: use a-z, 0-9, _ and -");
      return null;
    }
    return text;
  }

  public boolean bool(String key, boolean absent) {
    String text = text(key);
    if (text == null) {
      return absent;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (TRUE.contains(lower)) {
      return true;
    }
    if (FALSE.contains(lower)) {
      return false;
    }
    error(key, "`" + key + "` must be true or false, not `" + text + "`");
    return absent;
  }

  /** A whole number; {@code absent} when absent, and also (with an error) when not a number. */
  public long number(String key, long absent) {
    String text = text(key);
    if (text == null) {
      return absent;
    }
    try {
      return Long.parseLong(text.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      error(key, "`" + key + "` must be a whole number, not `" + text + "`");
      return absent;
    }
  }

  /** A nested mapping; null when absent (or, with an error, when not a mapping). */
  public YamlMap map(String key) {
    Node value = value(key);
    if (value == null || isNull(value)) {
      return null;
    }
    if (value instanceof MappingNode mapping) {
      return new YamlMap(mapping, file, problems);
    }
    error(key, "`" + key + "` must be a map of fields, not " + describe(value));
    return null;
  }

  /** The items of a list field; null when absent (or, with an error, when not a list). */
  public List<Node> list(String key) {
    Node value = value(key);
    if (value == null || isNull(value)) {
      return null;
    }
    if (value instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    error(key, "`" + key + "` must be a list, not " + describe(value));
    return null;
  }

  /** A list of texts; empty when absent; items that are not text are reported and skipped. */
  public List<String> textList(String key) {
    List<Node> items = list(key);
    List<String> texts = new ArrayList<>();
    if (items == null) {
      return texts;
    }
    for (Node item : items) {
      if (item instanceof ScalarNode scalar && !isNull(item)) {
        texts.add(scalar.getValue());
      } else {
        problems.add(Problem.error(YamlDocument.line(file, item),
            "the items of `" + key + "` must be text, not " + describe(item)));
      }
    }
    return texts;
  }

  /** The text of a list item node; null and an error when it is not text. */
  public static String itemText(Node item, String file, String what, List<Problem> problems) {
    if (item instanceof ScalarNode scalar && !isNull(item)) {
      return scalar.getValue();
    }
    problems.add(Problem.error(YamlDocument.line(file, item), what + " must be text, not " + describe(item)));
    return null;
  }

  public static boolean isNull(Node node) {
    return node == null || Tag.NULL.equals(node.getTag());
  }

  static String describe(Node node) {
    if (node == null || isNull(node)) {
      return "empty";
    }
    return switch (node) {
      case MappingNode m -> "a map";
      case SequenceNode s -> "a list";
      case ScalarNode s -> "text `" + abbreviate(s.getValue()) + "`";
      default -> "`" + node.getNodeId() + "`";
    };
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 40 ? flat : flat.substring(0, 40) + "...";
  }
}
