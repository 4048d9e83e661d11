package org.dalil.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalil.channel.SmsSegments;
import org.dalil.directory.Directory;
import org.dalil.directory.Organisation;
import org.dalil.i18n.Catalog;
import org.dalil.i18n.Normalizer;
import org.dalil.i18n.SystemKeys;
import org.dalil.nlp.TrainingPhrase;
import org.dalil.nlp.TrainingPhrases;
import org.dalil.nlp.TrainingReader;

/**
 * Checks the content as a whole once each file has been read: targets, loops, menus, keys in
 * every language, reachability, placeholders and SMS length. Errors block loading; warnings do
 * not. Works on partial content too (a file that failed to read is left out), so that one run
 * reports as much as it can.
 */
public final class FlowValidator {

  /** Menus are answered with one number, and number words exist up to this. */
  public static final int MAX_OPTIONS = SystemKeys.HIGHEST_NUMBER_WORD;
  /** More SMS segments than this for one text is worth a warning. */
  public static final int MAX_SMS_SEGMENTS = 3;
  /** Fewer training phrases than this for a topic in a language is worth a warning. */
  public static final int MIN_TRAINING_PHRASES = 5;

  /** Key prefixes the code reads by pattern, never reported unused. */
  private static final List<String> RESERVED_PREFIXES = List.of("sys.", "web.", "keywords.", "numbers.");

  private static final Pattern PLACEHOLDER = Pattern.compile(
      "(?<![\\p{L}\\p{N}_])(?:TODO|TBD|XXX|FIXME)(?![\\p{L}\\p{N}_])|\\?\\?\\?|\\[[^\\]\\n]{1,60}]",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /**
   * What was read.
   *
   * @param settings the settings as read, null when {@code flows/settings.yaml} is missing
   * @param texts language to its entries, for every {@code i18n/<language>.properties} read
   * @param textFiles language to the source path of its file
   * @param training the phrases of the training files ({@code i18n/<language>.training.txt})
   */
  public record Input(
      SettingsReader.ReadSettings settings,
      List<FlowFileReader.ReadFlow> flows,
      Map<String, Map<String, Catalog.Entry>> texts,
      Map<String, String> textFiles,
      Directory directory,
      TrainingPhrases training) {

    public Input {
      training = training == null ? TrainingPhrases.EMPTY : training;
    }

    /** Content without training files. */
    public Input(SettingsReader.ReadSettings settings, List<FlowFileReader.ReadFlow> flows,
        Map<String, Map<String, Catalog.Entry>> texts, Map<String, String> textFiles, Directory directory) {
      this(settings, flows, texts, textFiles, directory, TrainingPhrases.EMPTY);
    }
  }

  /** A target written somewhere, and the line it is written on. */
  private record Ref(Target target, SourceLine line) {}

  /** A key used by the content, and where it is first used. */
  private record KeyUse(String key, SourceLine line) {}

  private final Input in;
  private final FlowSettings settings;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, FlowFileReader.ReadFlow> flowsById = new LinkedHashMap<>();

  private FlowValidator(Input input) {
    this.in = input;
    this.settings = input.settings() == null ? null : input.settings().settings();
  }

  public static List<Problem> validate(Input input) {
    FlowValidator v = new FlowValidator(input);
    v.run();
    return v.problems;
  }

  private void run() {
    indexFlows();
    for (FlowFileReader.ReadFlow read : flowsById.values()) {
      checkNodes(read);
    }
    checkSettingsTargets();
    checkLoops();
    checkReachable();
    checkKeys();
    checkPlaceholders();
    checkSms();
    checkDirectory();
    checkTraining();
  }

  // ---- flows ----

  private void indexFlows() {
    for (FlowFileReader.ReadFlow read : in.flows()) {
      if (read.flow() == null) {
        continue;
      }
      FlowFileReader.ReadFlow first = flowsById.get(read.flow().id());
      if (first != null) {
        problems.add(Problem.error(read.idLine(), "flow `" + read.flow().id() + "` is also defined in " + first.file()));
        continue;
      }
      flowsById.put(read.flow().id(), read);
    }
  }

  private void checkNodes(FlowFileReader.ReadFlow read) {
    Flow flow = read.flow();
    Map<String, Node> seen = new HashMap<>();
    for (Node node : flow.nodes()) {
      Node first = seen.putIfAbsent(node.id(), node);
      if (first != null) {
        problems.add(Problem.error(node.line(),
            "duplicate node id `" + node.id() + "` (first on line " + first.line().line() + ")"));
      }
      for (Ref ref : targets(read, node)) {
        String why = unknownTarget(ref.target());
        if (why != null) {
          problems.add(Problem.error(ref.line(), why));
        }
      }
      switch (node) {
        case MenuNode menu -> checkMenu(read, menu);
        case SetLanguageNode set -> {
          if (settings != null && !settings.languages().contains(set.language())) {
            problems.add(Problem.error(read.lines().of(node, "set_language"), "unknown language `" + set.language()
                + "`: settings.yaml lists " + String.join(", ", settings.languages())));
          }
        }
        case InputNode input -> {
          if (settings != null && input.accept() instanceof Accept.OneOf(String list)
              && !settings.choiceLists().containsKey(list)) {
            problems.add(Problem.error(read.lines().of(node, "accept"),
                "unknown choice list `" + list + "` in `accept`: settings.yaml has "
                    + (settings.choiceLists().isEmpty() ? "none" : String.join(", ", settings.choiceLists().keySet()))));
          }
        }
        default -> {}
      }
    }
  }

  private void checkMenu(FlowFileReader.ReadFlow read, MenuNode menu) {
    SourceLine optionsLine = read.lines().of(menu, "options");
    if (menu.options().isEmpty()) {
      problems.add(Problem.error(optionsLine, "menu `" + menu.id() + "` has no options"));
      return;
    }
    if (menu.options().size() > MAX_OPTIONS) {
      problems.add(Problem.error(optionsLine, "menu `" + menu.id() + "` has " + menu.options().size()
          + " options; the most is " + MAX_OPTIONS + " (replies are one number)"));
    }
    Map<String, MenuNode.Option> labels = new HashMap<>();
    for (MenuNode.Option option : menu.options()) {
      MenuNode.Option first = labels.putIfAbsent(option.label(), option);
      if (first != null) {
        problems.add(Problem.error(option.line(), "menu `" + menu.id() + "` has two options labelled `"
            + option.label() + "` (first on line " + first.line().line() + ")"));
      }
    }
  }

  private void checkSettingsTargets() {
    if (settings == null) {
      return;
    }
    List<Target> targets = settingsTargets();
    for (int i = 0; i < targets.size(); i++) {
      String why = unknownTarget(targets.get(i));
      if (why != null) {
        String field = SettingsReader.TARGET_FIELDS.get(i);
        problems.add(Problem.error(in.settings().line(field), "`" + field + "`: " + why));
      }
    }
    settings.topics().forEach((topic, target) -> {
      String why = unknownTarget(target);
      if (why != null) {
        problems.add(Problem.error(topicLine(topic), "topic `" + topic + "`: " + why));
      }
    });
  }

  private SourceLine topicLine(String topic) {
    return in.settings().valueLines().getOrDefault(SettingsReader.TOPIC_LABEL_PREFIX + topic, in.settings().line("topics"));
  }

  private List<Target> settingsTargets() {
    return List.of(settings.start(), settings.menu(), settings.language(), settings.human(), settings.offerHuman());
  }

  /** Why a target names nothing; null when it names a node (or a node that failed to read). */
  private String unknownTarget(Target target) {
    FlowFileReader.ReadFlow flow = flowsById.get(target.flow());
    if (flow == null) {
      boolean broken = in.flows().stream().anyMatch(r -> r.flow() == null
          && FlowFileReader.idOfFile(r.file()).equals(target.flow()));
      return broken ? null : "unknown target `" + written(target) + "`: there is no flow `" + target.flow() + "`";
    }
    if (target.node() == null || flow.declaredIds().contains(target.node())) {
      return null;
    }
    return "unknown target `" + written(target) + "`: flow `" + target.flow() + "` has no node `" + target.node() + "`";
  }

  private static String written(Target target) {
    return target.node() == null ? target.flow() : target.flow() + "." + target.node();
  }

  /** The targets a node can continue to, with the line of each. */
  private static List<Ref> targets(FlowFileReader.ReadFlow read, Node node) {
    FieldLines lines = read.lines();
    List<Ref> refs = new ArrayList<>();
    switch (node) {
      case MessageNode n -> {
        if (n.next() != null) {
          refs.add(new Ref(n.next(), lines.of(n, "goto")));
        }
      }
      case MenuNode n -> {
        for (MenuNode.Option o : n.options()) {
          refs.add(new Ref(o.next(), lines.of(o, "goto", o.line())));
        }
      }
      case InputNode n -> refs.add(new Ref(n.next(), lines.of(n, "goto")));
      case LookupNode n -> {
        refs.add(new Ref(n.found(), lines.of(n, "found")));
        refs.add(new Ref(n.none(), lines.of(n, "none")));
      }
      case SetLanguageNode n -> refs.add(new Ref(n.next(), lines.of(n, "goto")));
      case JumpNode n -> refs.add(new Ref(n.target(), lines.of(n, "jump")));
      case HandoffNode n -> {}
      case EndNode n -> {}
    }
    return refs;
  }

  /** {@code flow.node} of the node a target leads to; null when it leads nowhere known. */
  private String resolve(Target target) {
    FlowFileReader.ReadFlow read = flowsById.get(target.flow());
    if (read == null) {
      return null;
    }
    Flow flow = read.flow();
    if (target.node() == null) {
      return flow.id() + "." + flow.start().id();
    }
    return flow.node(target.node()).map(n -> flow.id() + "." + n.id()).orElse(null);
  }

  /** Nodes that continue at once without waiting for a reply. */
  private static boolean passesThrough(Node node) {
    return switch (node) {
      case MessageNode n -> n.next() != null;
      case SetLanguageNode n -> true;
      case JumpNode n -> true;
      case LookupNode n -> true;
      case MenuNode n -> false;
      case InputNode n -> false;
      case HandoffNode n -> false;
      case EndNode n -> false;
    };
  }

  private void checkLoops() {
    // Graph of the nodes that pass through, with their edges to other such nodes.
    Map<String, Node> nodes = new LinkedHashMap<>();
    Map<String, List<String>> edges = new LinkedHashMap<>();
    for (FlowFileReader.ReadFlow read : flowsById.values()) {
      for (Node node : read.flow().nodesById().values()) {
        if (passesThrough(node)) {
          nodes.put(read.flow().id() + "." + node.id(), node);
        }
      }
    }
    for (FlowFileReader.ReadFlow read : flowsById.values()) {
      for (Node node : read.flow().nodesById().values()) {
        String key = read.flow().id() + "." + node.id();
        if (!nodes.containsKey(key)) {
          continue;
        }
        List<String> next = new ArrayList<>();
        for (Ref ref : targets(read, node)) {
          String to = resolve(ref.target());
          if (to != null && nodes.containsKey(to)) {
            next.add(to);
          }
        }
        edges.put(key, next);
      }
    }
    // Peel off nodes that lead out of the graph; what remains is on a loop or leads into one.
    Map<String, Integer> outDegree = new HashMap<>();
    Map<String, List<String>> incoming = new HashMap<>();
    edges.forEach((from, tos) -> {
      outDegree.put(from, tos.size());
      for (String to : tos) {
        incoming.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
      }
    });
    Deque<String> leaves = new ArrayDeque<>();
    outDegree.forEach((k, d) -> {
      if (d == 0) {
        leaves.add(k);
      }
    });
    Set<String> remaining = new LinkedHashSet<>(edges.keySet());
    while (!leaves.isEmpty()) {
      String leaf = leaves.poll();
      remaining.remove(leaf);
      for (String from : incoming.getOrDefault(leaf, List.of())) {
        if (outDegree.merge(from, -1, Integer::sum) == 0) {
          leaves.add(from);
        }
      }
    }
    Set<String> done = new HashSet<>();
    for (String startKey : remaining) {
      List<String> path = new ArrayList<>();
      String current = startKey;
      while (!done.contains(current) && !path.contains(current)) {
        path.add(current);
        current = edges.get(current).stream().filter(remaining::contains).findFirst().orElseThrow();
      }
      if (path.contains(current)) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        cycle.add(current);
        problems.add(Problem.error(nodes.get(cycle.getFirst()).line(),
            "loop that never waits for the user: " + String.join(" -> ", cycle)
                + " (put a menu, input, handoff or end on it)"));
      }
      done.addAll(path);
    }
  }

  private void checkReachable() {
    if (settings == null) {
      return;
    }
    Set<String> reached = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    List<Target> roots = new ArrayList<>(settingsTargets());
    // A flow that only free text leads to (a topic) is still reachable.
    roots.addAll(settings.topics().values());
    for (Target t : roots) {
      String key = resolve(t);
      if (key != null && reached.add(key)) {
        queue.add(key);
      }
    }
    while (!queue.isEmpty()) {
      String key = queue.poll();
      int dot = key.indexOf('.');
      FlowFileReader.ReadFlow read = flowsById.get(key.substring(0, dot));
      Node node = read.flow().node(key.substring(dot + 1)).orElseThrow();
      for (Ref ref : targets(read, node)) {
        String to = resolve(ref.target());
        if (to != null && reached.add(to)) {
          queue.add(to);
        }
      }
    }
    for (FlowFileReader.ReadFlow read : flowsById.values()) {
      Flow flow = read.flow();
      List<Node> unreached = flow.nodes().stream().filter(n -> !reached.contains(flow.id() + "." + n.id())).toList();
      if (unreached.size() == flow.nodes().size()) {
        problems.add(Problem.warning(read.idLine(), "flow `" + flow.id() + "` is never reached from the settings' entry points"));
        continue;
      }
      for (Node node : unreached) {
        problems.add(Problem.warning(node.line(), "node `" + node.id() + "` is unreachable"));
      }
    }
  }

  // ---- keys ----

  /** Keys the flows and settings use, with their first use; system keys are not included. */
  private Map<String, KeyUse> contentKeys() {
    Map<String, KeyUse> used = new LinkedHashMap<>();
    for (FlowFileReader.ReadFlow read : flowsById.values()) {
      FieldLines lines = read.lines();
      for (Node node : read.flow().nodes()) {
        switch (node) {
          case MessageNode n -> use(used, n.text(), lines.of(n, "message"));
          case MenuNode n -> {
            use(used, n.prompt(), lines.of(n, "menu"));
            for (MenuNode.Option o : n.options()) {
              use(used, o.label(), lines.of(o, "label", o.line()));
            }
          }
          case InputNode n -> {
            use(used, n.prompt(), lines.of(n, "input"));
            use(used, n.invalid(), lines.of(n, "invalid"));
          }
          case HandoffNode n -> use(used, n.text(), lines.of(n, "text"));
          case EndNode n -> use(used, n.text(), lines.of(n, "end"));
          case LookupNode n -> {}
          case SetLanguageNode n -> {}
          case JumpNode n -> {}
        }
      }
    }
    if (in.settings() != null) {
      in.settings().valueLines().forEach((key, line) -> use(used, key, line));
    }
    return used;
  }

  private static void use(Map<String, KeyUse> used, String key, SourceLine line) {
    if (key != null) {
      used.putIfAbsent(key, new KeyUse(key, line));
    }
  }

  private void checkKeys() {
    Map<String, KeyUse> used = contentKeys();
    List<String> languages = settings != null ? settings.languages() : List.copyOf(in.texts().keySet());
    for (String language : languages) {
      Map<String, Catalog.Entry> entries = in.texts().get(language);
      if (entries == null) {
        SourceLine where = in.settings() != null ? in.settings().line("languages") : new SourceLine(SettingsReader.FILE, 0);
        problems.add(Problem.error(where, "no texts for language `" + language + "`: i18n/" + language + ".properties is missing"));
        continue;
      }
      String file = in.textFiles().get(language);
      for (KeyUse use : used.values()) {
        if (!entries.containsKey(use.key())) {
          problems.add(Problem.error(use.line(), "key `" + use.key() + "` is missing in " + file));
        }
      }
      for (String key : SystemKeys.required()) {
        if (!entries.containsKey(key)) {
          problems.add(Problem.error(new SourceLine(file, 0), "key `" + key + "` (used by the code) is missing"));
        }
      }
    }
    if (settings != null) {
      for (Map.Entry<String, String> file : in.textFiles().entrySet()) {
        if (!settings.languages().contains(file.getKey())) {
          problems.add(Problem.warning(new SourceLine(file.getValue(), 0), "language `" + file.getKey()
              + "` is not in the languages of settings.yaml: file ignored"));
        }
      }
    }
    // Unused keys: one warning per key, where it is first written; suffixes without a base per file.
    Set<String> reported = new HashSet<>();
    for (String language : languages) {
      Map<String, Catalog.Entry> entries = in.texts().getOrDefault(language, Map.of());
      String file = in.textFiles().get(language);
      for (Map.Entry<String, Catalog.Entry> e : entries.entrySet()) {
        String key = e.getKey();
        if (RESERVED_PREFIXES.stream().anyMatch(key::startsWith) || used.containsKey(key)) {
          continue;
        }
        String base = baseOf(key);
        if (base != null) {
          if (!entries.containsKey(base)) {
            problems.add(Problem.warning(e.getValue().line(), "`" + key + "` has no base key `" + base + "` in " + file));
          }
          continue; // the base is reported if it is unused
        }
        if (reported.add(key)) {
          problems.add(Problem.warning(e.getValue().line(), "unused key `" + key + "`"));
        }
      }
    }
  }

  /** The base of a {@code .sms} or {@code .keywords} key; null for another key. */
  private static String baseOf(String key) {
    for (String suffix : List.of(SystemKeys.SMS_SUFFIX, SystemKeys.KEYWORDS_SUFFIX)) {
      if (key.endsWith(suffix) && key.length() > suffix.length()) {
        return key.substring(0, key.length() - suffix.length());
      }
    }
    return null;
  }

  // ---- content ----

  private void checkPlaceholders() {
    for (Map.Entry<String, Map<String, Catalog.Entry>> language : in.texts().entrySet()) {
      for (Map.Entry<String, Catalog.Entry> e : language.getValue().entrySet()) {
        String found = placeholder(e.getValue().text());
        if (found != null) {
          problems.add(Problem.warning(e.getValue().line(), "placeholder `" + found + "` left in `" + e.getKey() + "`"));
        }
      }
    }
    for (Organisation o : in.directory().organisations()) {
      List<String> fields = new ArrayList<>();
      fields.add(o.name());
      fields.addAll(o.contacts().values());
      for (String field : fields) {
        String found = placeholder(field);
        if (found != null) {
          problems.add(Problem.warning(o.line(), "placeholder `" + found + "` left in organisation `" + o.id() + "`"));
        }
      }
    }
  }

  /** The first placeholder in {@code text}, or null. */
  static String placeholder(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    return m.find() ? m.group() : null;
  }

  private void checkSms() {
    if (settings == null) {
      return;
    }
    for (FlowFileReader.ReadFlow read : flowsById.values()) {
      for (Node node : read.flow().nodes()) {
        switch (node) {
          case MessageNode n -> checkSmsText(n, n.text(), n.allLanguages(), List.of());
          case MenuNode n -> checkSmsText(n, n.prompt(), n.allLanguages(),
              n.options().stream().map(MenuNode.Option::label).toList());
          case InputNode n -> {
            checkSmsText(n, n.prompt(), false, List.of());
            if (n.invalid() != null) {
              checkSmsText(n, n.invalid(), false, List.of());
            }
          }
          case HandoffNode n -> {
            if (n.text() != null) {
              checkSmsText(n, n.text(), false, List.of());
            }
          }
          case EndNode n -> {
            if (n.text() != null) {
              checkSmsText(n, n.text(), false, List.of());
            }
          }
          case LookupNode n -> {}
          case SetLanguageNode n -> {}
          case JumpNode n -> {}
        }
      }
    }
  }

  /**
   * Renders a text as an SMS would carry it and warns when it takes too many segments. A text in
   * all languages is one SMS with a paragraph per language; its options show each distinct label
   * once, separated by " / ".
   */
  private void checkSmsText(Node node, String key, boolean allLanguages, List<String> labels) {
    List<List<String>> renderings = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (allLanguages) {
      renderings.add(settings.languages());
      names.add("all languages");
    } else {
      for (String language : settings.languages()) {
        renderings.add(List.of(language));
        names.add(language);
      }
    }
    for (int r = 0; r < renderings.size(); r++) {
      List<String> languages = renderings.get(r);
      List<String> paragraphs = new ArrayList<>();
      for (String language : languages) {
        String text = smsText(key, language);
        if (text != null) {
          paragraphs.add(text);
        }
      }
      if (paragraphs.isEmpty()) {
        continue; // the missing key is already an error
      }
      StringBuilder sms = new StringBuilder(String.join("\n", paragraphs));
      for (int i = 0; i < labels.size(); i++) {
        Set<String> shown = new LinkedHashSet<>();
        for (String language : languages) {
          String label = smsText(labels.get(i), language);
          if (label != null) {
            shown.add(label);
          }
        }
        sms.append('\n').append(i + 1).append(". ").append(String.join(" / ", shown));
      }
      int segments = SmsSegments.segments(sms.toString());
      if (segments > MAX_SMS_SEGMENTS) {
        problems.add(Problem.warning(node.line(), "`" + key + "` in " + names.get(r) + " takes " + segments
            + " SMS segments (" + SmsSegments.encoding(sms.toString()) + ", " + sms.length()
            + " characters); the most is " + MAX_SMS_SEGMENTS + ": shorten it or add `" + key + SystemKeys.SMS_SUFFIX + "`"));
      }
    }
  }

  /** The SMS form of a key in one language: its {@code .sms} variant, else the text. */
  private String smsText(String key, String language) {
    Map<String, Catalog.Entry> entries = in.texts().getOrDefault(language, Map.of());
    Catalog.Entry entry = entries.get(key + SystemKeys.SMS_SUFFIX);
    if (entry == null) {
      entry = entries.get(key);
    }
    return entry == null ? null : entry.text();
  }

  private void checkDirectory() {
    Map<String, Organisation> ids = new HashMap<>();
    List<String> cities = settings == null ? null : settings.choiceLists().get("city");
    for (Organisation o : in.directory().organisations()) {
      Organisation first = ids.putIfAbsent(o.id(), o);
      if (first != null) {
        problems.add(Problem.error(o.line(), "duplicate organisation id `" + o.id() + "` (first on line "
            + first.line().line() + ")"));
      }
      if (settings == null) {
        continue;
      }
      for (String city : o.cities()) {
        if (!city.equals(Organisation.NATIONWIDE) && (cities == null || !cities.contains(city))) {
          problems.add(Problem.error(o.line(), "unknown city `" + city + "` in organisation `" + o.id()
              + "`: use a value of the `city` list of settings.yaml, or `" + Organisation.NATIONWIDE + "`"));
        }
      }
    }
  }

  // ---- training phrases ----

  /**
   * Training files: their language, the topics that settings.yaml sends somewhere but that no
   * phrase teaches (or too few), the topics taught that lead nowhere, and phrases that teach two
   * topics at once.
   */
  private void checkTraining() {
    TrainingPhrases training = in.training();
    if (settings == null) {
      return;
    }
    Map<String, SourceLine> firstOfLanguage = new LinkedHashMap<>();
    for (TrainingPhrase p : training.phrases()) {
      firstOfLanguage.putIfAbsent(p.language(), new SourceLine(p.line().file(), 0));
    }
    firstOfLanguage.forEach((language, file) -> {
      if (!settings.languages().contains(language)) {
        problems.add(Problem.warning(file, "language `" + language
            + "` is not in the languages of settings.yaml: file ignored"));
      }
    });
    if (!settings.topics().isEmpty() && training.examples().isEmpty()) {
      problems.add(Problem.warning(in.settings().line("topics"), "`topics` is set but no training file teaches any"
          + " topic (" + TrainingReader.DIRECTORY + "/<language>" + TrainingReader.SUFFIX + "): free text will never"
          + " lead to one"));
      return;
    }
    for (String topic : settings.topics().keySet()) {
      for (String language : settings.languages()) {
        long count = training.examples().stream()
            .filter(p -> p.language().equals(language) && p.label().equals(topic)).count();
        if (count < MIN_TRAINING_PHRASES && firstOfLanguage.containsKey(language)) {
          problems.add(Problem.warning(topicLine(topic), "topic `" + topic + "` has " + count + " training phrase"
              + (count == 1 ? "" : "s") + " in " + TrainingReader.DIRECTORY + "/" + language + TrainingReader.SUFFIX
              + "; write at least " + MIN_TRAINING_PHRASES + " so that it is recognised"));
        }
      }
    }
    Set<String> reported = new HashSet<>();
    Map<String, TrainingPhrase> byText = new HashMap<>();
    for (TrainingPhrase p : training.examples()) {
      if (!settings.topics().containsKey(p.label()) && !p.label().equals(Understanding.GREETINGS)
          && reported.add(p.label())) {
        problems.add(Problem.warning(p.line(), "topic `" + p.label() + "` leads nowhere: add it to `topics` in"
            + " settings.yaml (`" + p.label() + ": flow.node`)"));
      }
      TrainingPhrase first = byText.putIfAbsent(p.language() + "\u0000" + Normalizer.normalize(p.text()), p);
      if (first != null && !first.label().equals(p.label())) {
        problems.add(Problem.warning(p.line(), "this phrase also teaches [" + first.label() + "] on line "
            + first.line().line() + ": keep it in one topic"));
      }
    }
  }
}
