package org.dalil.flow;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one {@code flows/<id>.yaml} into a {@link Flow}. Every unknown kind or field, wrong type,
 * missing field, bad id or bad target is an error on its line; what can be read is still returned
 * so that the validator can report more than the first problem.
 */
public final class FlowFileReader {

  /** Node kinds, in the order the docs list them. */
  public static final List<String> KINDS =
      List.of("message", "menu", "input", "lookup", "handoff", "set_language", "jump", "end");

  /** Fields each kind takes besides {@code id} and its kind key. */
  private static final Map<String, Set<String>> FIELDS = Map.of(
      "message", Set.of("goto", "all_languages"),
      "menu", Set.of("options", "all_languages"),
      "input", Set.of("into", "accept", "invalid", "goto"),
      "lookup", Set.of("found", "none"),
      "handoff", Set.of("urgent", "text"),
      "set_language", Set.of("goto"),
      "jump", Set.of(),
      "end", Set.of());

  private static final Set<String> FLOW_FIELDS = Set.of("flow", "title", "sources", "reviewed", "nodes");
  private static final Set<String> OPTION_FIELDS = Set.of("label", "goto", "set");
  private static final Set<String> LOOKUP_FIELDS = Set.of("topic", "city");
  private static final Set<String> ACCEPT_KINDS = Set.of("one_of", "number", "text", "pattern");
  private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\{([a-z0-9_-]+)}");

  /** Longest free-text answer when {@code accept: {text: {}}} names no {@code max}. */
  public static final int DEFAULT_TEXT_MAX = 1000;

  /**
   * A flow file as read.
   *
   * @param flow the flow, null when the file could not be read as one
   * @param declaredIds every node id written in the file, also of nodes that could not be read,
   *     so that targets naming a broken node are not reported a second time as unknown
   */
  public record ReadFlow(String file, Flow flow, SourceLine idLine, Set<String> declaredIds, FieldLines lines) {}

  private final String file;
  private final List<Problem> problems;
  private final FieldLines lines = new FieldLines();
  private final Set<String> declaredIds = new LinkedHashSet<>();
  private String flowId;

  private FlowFileReader(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** Reads {@code text}, the content of source {@code file} ({@code flows/<id>.yaml}). */
  public static ReadFlow read(String file, String text, List<Problem> problems) {
    return new FlowFileReader(file, problems).read(text);
  }

  /** The flow id a file name asks for: {@code flows/papers.yaml} gives {@code papers}. */
  public static String idOfFile(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    return name.endsWith(".yaml") ? name.substring(0, name.length() - ".yaml".length()) : name;
  }

  private ReadFlow read(String text) {
    int before = problems.size();
    org.yaml.snakeyaml.nodes.Node root = YamlDocument.parse(text, file, problems);
    if (problems.size() > before) {
      return new ReadFlow(file, null, new SourceLine(file, 1), declaredIds, lines);
    }
    YamlMap map = YamlMap.of(root, file, "a flow file", problems);
    if (map == null) {
      return new ReadFlow(file, null, new SourceLine(file, 1), declaredIds, lines);
    }
    map.rejectUnknown(FLOW_FIELDS, "a flow (fields: flow, title, sources, reviewed, nodes)");
    SourceLine idLine = map.lineOf("flow");
    flowId = map.id("flow", "a flow", true);
    boolean idOk = flowId != null;
    String expected = idOfFile(file);
    if (flowId != null && !flowId.equals(expected)) {
      map.error("flow", "`flow: " + flowId + "` must equal the file name `" + expected + "`");
    }
    if (flowId == null) {
      flowId = expected; // resolve same-flow targets anyway, to report their problems too
    }
    map.text("title");
    List<String> sources = map.textList("sources");
    LocalDate reviewed = null;
    String reviewedText = map.text("reviewed");
    if (reviewedText != null) {
      try {
        reviewed = LocalDate.parse(reviewedText.strip());
      } catch (DateTimeParseException e) {
        map.error("reviewed", "bad date `" + reviewedText + "` in `reviewed`: write YYYY-MM-DD");
      }
    }
    List<org.yaml.snakeyaml.nodes.Node> items = map.list("nodes");
    if (items == null) {
      if (!map.has("nodes") || YamlMap.isNull(map.value("nodes"))) {
        map.error("nodes", "missing field `nodes` in a flow");
      }
      return new ReadFlow(file, null, idLine, declaredIds, lines);
    }
    if (items.isEmpty()) {
      map.error("nodes", "flow `" + flowId + "` has no nodes");
      return new ReadFlow(file, null, idLine, declaredIds, lines);
    }
    List<Node> nodes = new ArrayList<>();
    for (org.yaml.snakeyaml.nodes.Node item : items) {
      Node node = readNode(item);
      if (node != null) {
        nodes.add(node);
      }
    }
    if (nodes.isEmpty() || !idOk) {
      return new ReadFlow(file, null, idLine, declaredIds, lines);
    }
    return new ReadFlow(file, new Flow(flowId, file, nodes, sources, reviewed), idLine, declaredIds, lines);
  }

  private Node readNode(org.yaml.snakeyaml.nodes.Node item) {
    YamlMap m = YamlMap.of(item, file, "a node", problems);
    if (m == null) {
      return null;
    }
    String id = m.id("id", "a node", true);
    if (id != null) {
      declaredIds.add(id);
    }
    String name = id == null ? "a node" : "node `" + id + "`";
    List<String> kinds = KINDS.stream().filter(m::has).toList();
    if (kinds.size() > 1) {
      m.error(kinds.get(1), name + " has two kinds: `" + kinds.get(0) + "` and `" + kinds.get(1)
          + "` (a node has exactly one of " + String.join(", ", KINDS) + ")");
      return null;
    }
    if (kinds.isEmpty()) {
      String unknown = m.keys().stream().filter(k -> !k.equals("id") && !anyKindTakes(k)).findFirst().orElse(null);
      if (unknown != null) {
        m.error(unknown, "unknown node kind `" + unknown + "` in " + name + " (expected one of "
            + String.join(", ", KINDS) + ")");
      } else {
        problems.add(Problem.error(m.line(), name + " has no kind (expected one of " + String.join(", ", KINDS) + ")"));
      }
      return null;
    }
    String kind = kinds.getFirst();
    for (String key : m.keys()) {
      if (key.equals("id") || key.equals(kind) || FIELDS.get(kind).contains(key)) {
        continue;
      }
      if (anyKindTakes(key)) {
        m.error(key, "field `" + key + "` does not belong to " + article(kind) + " `" + kind + "` node (" + name + ")");
      } else {
        m.error(key, "unknown field `" + key + "` in " + name);
      }
    }
    SourceLine line = m.line();
    Node node = switch (kind) {
      case "message" -> new MessageNode(id, line, m.requiredText("message", name),
          m.bool("all_languages", false), target(m, "goto", false, false, name));
      case "menu" -> new MenuNode(id, line, m.requiredText("menu", name), m.bool("all_languages", false),
          options(m, name));
      case "input" -> new InputNode(id, line, m.requiredText("input", name), m.id("into", name, true),
          accept(m, name), m.text("invalid"), target(m, "goto", true, false, name));
      case "lookup" -> lookup(m, id, line, name);
      case "handoff" -> new HandoffNode(id, line, m.id("handoff", name, true), m.bool("urgent", false), m.text("text"));
      case "set_language" -> new SetLanguageNode(id, line, m.id("set_language", name, true),
          target(m, "goto", true, false, name));
      case "jump" -> new JumpNode(id, line, target(m, "jump", true, true, name));
      case "end" -> new EndNode(id, line, blankToNull(m.text("end")));
      default -> throw new IllegalStateException(kind);
    };
    if (id == null || !complete(node)) {
      return null;
    }
    for (String key : m.keys()) {
      lines.put(node, key, m.lineOf(key));
    }
    return node;
  }

  /** Whether the fields a node cannot do without were read (their errors are already reported). */
  private static boolean complete(Node node) {
    return switch (node) {
      case MessageNode n -> n.text() != null;
      case MenuNode n -> n.prompt() != null;
      case InputNode n -> n.prompt() != null && n.variable() != null && n.accept() != null && n.next() != null;
      case LookupNode n -> n.topic() != null && n.city() != null && n.found() != null && n.none() != null;
      case HandoffNode n -> n.topic() != null;
      case SetLanguageNode n -> n.language() != null && n.next() != null;
      case JumpNode n -> n.target() != null;
      case EndNode n -> true;
    };
  }

  private List<MenuNode.Option> options(YamlMap m, String name) {
    List<MenuNode.Option> options = new ArrayList<>();
    List<org.yaml.snakeyaml.nodes.Node> items = m.list("options");
    if (items == null) {
      return options; // the validator reports a menu without options
    }
    for (org.yaml.snakeyaml.nodes.Node item : items) {
      YamlMap o = YamlMap.of(item, file, "a menu option", problems);
      if (o == null) {
        continue;
      }
      o.rejectUnknown(OPTION_FIELDS, "a menu option of " + name + " (fields: label, goto, set)");
      String label = o.requiredText("label", "a menu option of " + name);
      Target next = target(o, "goto", true, false, "a menu option of " + name);
      Map<String, String> set = new LinkedHashMap<>();
      YamlMap setMap = o.map("set");
      if (setMap != null) {
        for (String variable : setMap.keys()) {
          if (!Target.isValidId(variable)) {
            setMap.error(variable, "bad variable name `" + variable + "` in `set`: use a-z, 0-9, _ and -");
            continue;
          }
          String value = setMap.text(variable);
          if (value != null) {
            set.put(variable, value);
          } else if (YamlMap.isNull(setMap.value(variable))) {
            setMap.error(variable, "`set` gives no value to `" + variable + "`");
          }
        }
      }
      if (label != null && next != null) {
        MenuNode.Option option = new MenuNode.Option(label, next, set, o.line());
        for (String key : o.keys()) {
          lines.put(option, key, o.lineOf(key));
        }
        options.add(option);
      }
    }
    return options;
  }

  private Accept accept(YamlMap m, String name) {
    if (!m.has("accept")) {
      return new Accept.AnyText(DEFAULT_TEXT_MAX);
    }
    YamlMap a = m.map("accept");
    if (a == null) {
      if (YamlMap.isNull(m.value("accept"))) {
        m.error("accept", "`accept` is empty: write one of one_of, number, text, pattern");
      }
      return null;
    }
    List<String> kinds = a.keys().stream().filter(ACCEPT_KINDS::contains).toList();
    a.rejectUnknown(ACCEPT_KINDS, "`accept` of " + name + " (one of one_of, number, text, pattern)");
    if (kinds.size() != 1) {
      if (kinds.size() > 1) {
        a.error(kinds.get(1), "`accept` takes one of one_of, number, text, pattern, not two");
      } else if (a.keys().isEmpty()) {
        m.error("accept", "`accept` is empty: write one of one_of, number, text, pattern");
      }
      return null;
    }
    String kind = kinds.getFirst();
    switch (kind) {
      case "one_of" -> {
        String list = a.id("one_of", "`accept`", true);
        return list == null ? null : new Accept.OneOf(list);
      }
      case "number" -> {
        YamlMap range = a.map("number");
        long min = 0;
        long max = 999_999_999L;
        if (range != null) {
          range.rejectUnknown(Set.of("min", "max"), "`number` (fields: min, max)");
          min = range.number("min", min);
          max = range.number("max", max);
          if (min > max) {
            range.error("min", "`min` " + min + " is greater than `max` " + max);
            return null;
          }
        } else if (!YamlMap.isNull(a.value("number"))) {
          return null; // wrong type, reported
        }
        return new Accept.WholeNumber(min, max);
      }
      case "text" -> {
        YamlMap limits = a.map("text");
        long max = DEFAULT_TEXT_MAX;
        if (limits != null) {
          limits.rejectUnknown(Set.of("max"), "`text` (fields: max)");
          max = limits.number("max", max);
          if (max < 1 || max > 100_000) {
            limits.error("max", "`max` must be between 1 and 100000, not " + max);
            return null;
          }
        } else if (!YamlMap.isNull(a.value("text"))) {
          return null;
        }
        return new Accept.AnyText((int) max);
      }
      case "pattern" -> {
        String regex = a.requiredText("pattern", "`accept`");
        if (regex == null) {
          return null;
        }
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          a.error("pattern", "bad pattern `" + regex + "`: " + e.getDescription());
          return null;
        }
        return new Accept.Matching(regex);
      }
      default -> throw new IllegalStateException(kind);
    }
  }

  private LookupNode lookup(YamlMap m, String id, SourceLine line, String name) {
    String topic = null;
    String city = null;
    YamlMap query = m.map("lookup");
    if (query == null) {
      if (YamlMap.isNull(m.value("lookup"))) {
        m.error("lookup", "`lookup` of " + name + " needs `topic` and `city`, e.g. {topic: \"{topic}\", city: \"{city}\"}");
      }
    } else {
      query.rejectUnknown(LOOKUP_FIELDS, "`lookup` (fields: topic, city)");
      topic = lookupValue(query, "topic", name);
      city = lookupValue(query, "city", name);
    }
    return new LookupNode(id, line, topic, city, target(m, "found", true, false, name),
        target(m, "none", true, false, name));
  }

  /** A literal id or one {@code {variable}} reference. */
  private String lookupValue(YamlMap query, String key, String name) {
    String value = query.requiredText(key, "`lookup` of " + name);
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (!Target.isValidId(v) && !VARIABLE_REFERENCE.matcher(v).matches()) {
      query.error(key, "`" + key + "` of `lookup` must be an id or a {variable}, not `" + value + "`");
      return null;
    }
    return v;
  }

  private Target target(YamlMap m, String key, boolean required, boolean bareIsFlow, String name) {
    String raw = required ? m.requiredText(key, name) : m.text(key);
    if (raw == null) {
      return null;
    }
    Target target = parseTarget(raw, flowId, bareIsFlow);
    if (target == null) {
      m.error(key, "bad target `" + raw + "` in `" + key + "`: write " + (bareIsFlow ? "flow or flow.node" : "node or flow.node")
          + " with a-z, 0-9, _ and -");
    }
    return target;
  }

  /**
   * Parses a target written in flow {@code currentFlow}; null when it is not {@code node} or
   * {@code flow.node} with valid ids. A bare name is a node of the same flow, or when {@code
   * bareIsFlow} (jumps and settings) the first node of the flow of that name.
   */
  public static Target parseTarget(String raw, String currentFlow, boolean bareIsFlow) {
    String text = raw.strip();
    int dot = text.indexOf('.');
    if (dot < 0) {
      if (!Target.isValidId(text)) {
        return null;
      }
      return bareIsFlow ? new Target(text, null) : new Target(currentFlow, text);
    }
    String flow = text.substring(0, dot);
    String node = text.substring(dot + 1);
    return Target.isValidId(flow) && Target.isValidId(node) ? new Target(flow, node) : null;
  }

  private static boolean anyKindTakes(String key) {
    if (KINDS.contains(key)) {
      return true;
    }
    Set<String> all = new HashSet<>();
    FIELDS.values().forEach(all::addAll);
    return all.contains(key);
  }

  private static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
