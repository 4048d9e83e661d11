package org.dalil.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalil.directory.Directory;
import org.dalil.directory.Organisation;
import org.dalil.flow.ConversationState.Status;
import org.dalil.i18n.SystemKeys;

/**
 * The flow engine: (state, input) to (new state, events). Pure: no I/O, no clock, no database;
 * time is an argument. Safe to share between threads.
 *
 * <p>What the NLP understood of a free text comes in with the input ({@link UserInput#understanding()},
 * computed outside); the engine only decides what to do with it: skip the language question when
 * the language is certain, go to the flow of a certain topic when the text matched no option,
 * hand an urgent message to a volunteer first. Replies that match an option, a value or a global
 * keyword are never second-guessed.
 */
public final class Engine {

  /** The variable that holds the topic, set by a main menu option or by a topic understood in free text. */
  public static final String TOPIC_VARIABLE = "topic";

  /**
   * More nodes than this in one step means a loop that never waits for the contact. The validator
   * refuses such flows; this bound only guarantees that the engine never hangs on one.
   */
  public static final int MAX_NODES_PER_STEP = 200;

  /**
   * Runs one inbound message through the flows.
   *
   * @param current the newest flow set: used for a first contact, after a long silence, after an
   *     end or a stop, and when {@code running} is null
   * @param running the flow set of {@code state.version()}, or null when there is no state or that
   *     version is no longer available
   * @param state the conversation so far, null for a first contact
   * @param now the time the message was received
   */
  public Step step(FlowSet current, FlowSet running, ConversationState state, UserInput input, Instant now) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(now, "now");
    if (state == null || input.kind() == UserInput.Kind.START) {
      return restart(current, state, input, now);
    }
    boolean withVolunteer = state.status() == Status.HANDOFF;
    boolean runningUsable = running != null && running.version().equals(state.version());
    if (!runningUsable && !withVolunteer) {
      return restart(current, state, input, now);
    }
    // A conversation with a volunteer is not interrupted by a content update or by silence (the
    // volunteer may answer hours later): it only needs the keywords, which the newest set has.
    FlowSet set = runningUsable ? running : current;
    if (!withVolunteer && silentTooLong(state, set, now)) {
      return restart(current, state, input, now);
    }
    Turn turn = new Turn(set, state, now);
    turn.reply(input);
    return turn.finish();
  }

  /**
   * Like {@link #step(FlowSet, FlowSet, ConversationState, UserInput, Instant)}, for a contact in
   * {@code privacy} (issue 6): after the erasure keyword this message confirms ({@link
   * Event.EraseContact}) or cancels it; the short notice heads the first reply to a contact who
   * never saw it ({@link Event.NoticeShown}); writing again after it is agreeing ({@link
   * Event.ConsentGiven}); without agreement, an answer saved into a variable is not kept.
   */
  public Step step(FlowSet current, FlowSet running, ConversationState state, UserInput input, PrivacyState privacy,
      Instant now) {
    Objects.requireNonNull(privacy, "privacy");
    List<Event> first = List.of();
    if (privacy.erasureAsked()) {
      if (PrivacyRules.confirmsErasure(current, input)) {
        return PrivacyRules.erased(current, state, Objects.requireNonNull(now, "now"));
      }
      first = PrivacyRules.erasureCancelled(current, state);
    }
    Step step = step(current, running, state, input, now);
    return PrivacyRules.apply(current, running, state, input, privacy, first, step);
  }

  private static boolean silentTooLong(ConversationState state, FlowSet set, Instant now) {
    Instant last = state.lastActivityAt();
    return last != null && now.isAfter(last.plus(set.settings().silenceTimeout()));
  }

  /** A fresh conversation on the newest content, keeping only the language. */
  private static Step restart(FlowSet current, ConversationState previous, UserInput input, Instant now) {
    String language = previous == null ? null : previous.language();
    if (language != null && !current.settings().languages().contains(language)) {
      language = null;
    }
    ConversationState fresh = new ConversationState(
        current.version(), null, null, language, Map.of(), 0, Status.ENDED, now, now, List.of());
    Turn turn = new Turn(current, fresh, now);
    if (previous != null && previous.status() == Status.HANDOFF) {
      // Only /start gets here while with a volunteer: the open handoff must not outlive it.
      turn.events.add(new Event.CloseHandoff());
    }
    // A keyword still counts on a first message or after a silence: "stop" must never be
    // answered with a welcome.
    Optional<GlobalKeyword> keyword = turn.keywordIn(input);
    if (keyword.isPresent()) {
      turn.keyword(keyword.get());
    } else if (!turn.understand(understandingOf(input), null)) {
      turn.run(current.settings().start());
    }
    return turn.finish();
  }

  /** What was understood of a text; nothing for a start command, media or when the NLP was not asked. */
  private static Understanding understandingOf(UserInput input) {
    return input.kind() == UserInput.Kind.TEXT && input.understanding() != null
        ? input.understanding() : Understanding.NOTHING;
  }

  /** The work of one step: a mutable copy of the state, thrown away once {@link #finish} built the new one. */
  private static final class Turn {
    /** Returned by a node that stopped the run (waits, hands off, ends). */
    private static final Target HALT = new Target("", "");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_-]+)}");

    private final FlowSet set;
    private final FlowSettings settings;
    private final Vocabulary vocabulary;
    private final Instant now;
    private final Instant startedAt;
    private final List<Event> events = new ArrayList<>();
    private String flow;
    private String node;
    private String language;
    private Map<String, String> variables;
    private int misses;
    private Status status;
    private List<String> path;

    Turn(FlowSet set, ConversationState state, Instant now) {
      this.set = set;
      this.settings = set.settings();
      this.vocabulary = Vocabulary.of(set.catalog());
      this.now = now;
      this.startedAt = state.startedAt() == null ? now : state.startedAt();
      this.flow = state.flow();
      this.node = state.node();
      this.language = state.language();
      this.variables = new LinkedHashMap<>(state.variables());
      this.misses = state.misses();
      this.status = state.status();
      this.path = new ArrayList<>(state.path());
    }

    Step finish() {
      ConversationState next = new ConversationState(
          set.version(), flow, node, language, variables, misses, status, startedAt, now, path);
      return new Step(next, events);
    }

    Optional<GlobalKeyword> keywordIn(UserInput input) {
      if (input.kind() != UserInput.Kind.TEXT) {
        return Optional.empty();
      }
      return vocabulary.globalKeyword(input.text());
    }

    void reply(UserInput input) {
      Optional<GlobalKeyword> keyword = keywordIn(input);
      Understanding understood = understandingOf(input);
      switch (status) {
        // Anything but a keyword is for the volunteer: the bot stays silent, but words of danger
        // still make the volunteer see the conversation first.
        case HANDOFF -> {
          if (keyword.isPresent()) {
            keyword(keyword.get());
          } else if (understood.urgent()) {
            urgent(understood);
          }
        }
        case ENDED, STOPPED -> {
          if (keyword.isPresent()) {
            keyword(keyword.get());
          } else if (!understand(understood, null)) {
            run(language != null ? settings.menu() : settings.start());
          }
        }
        case ACTIVE -> answer(input, keyword);
      }
    }

    /** A reply to the menu or input node the conversation waits at. */
    private void answer(UserInput input, Optional<GlobalKeyword> keyword) {
      Optional<Node> waiting =
          flow == null || node == null ? Optional.empty() : set.node(new Target(flow, node));
      if (waiting.isEmpty()) {
        // Only a state written by a bug gets here (the version matched): start again cleanly.
        run(settings.start());
        return;
      }
      if (input.kind() == UserInput.Kind.MEDIA || input.kind() == UserInput.Kind.LOCATION) {
        send(SystemKeys.MEDIA_UNSUPPORTED, Map.of());
        return;
      }
      String text = input.text() == null ? "" : input.text();
      Understanding understood = understandingOf(input);
      switch (waiting.get()) {
        case MenuNode menu -> answerMenu(menu, text, keyword, understood);
        case InputNode question -> answerInput(question, text, keyword, understood);
        default -> run(settings.start());
      }
    }

    private void answerMenu(MenuNode menu, String text, Optional<GlobalKeyword> keyword, Understanding understood) {
      List<String> labels = menu.options().stream().map(MenuNode.Option::label).toList();
      // An option beats a global keyword: if content gives an option a keyword's word (say
      // "retour" for "back to the menu"), the author meant that option here. Numbers start at
      // 1, so "0" is always the menu keyword.
      OptionalInt chosen = ReplyMatcher.menuOption(labels, vocabulary, text);
      if (chosen.isPresent()) {
        choose(menu.options().get(chosen.getAsInt() - 1));
      } else if (keyword.isPresent()) {
        keyword(keyword.get());
      } else if (!understand(understood, menu)) {
        miss(SystemKeys.REPROMPT_MENU, Map.of("max", Integer.toString(menu.options().size())));
      }
    }

    private void choose(MenuNode.Option option) {
      misses = 0;
      variables.putAll(option.set());
      run(option.next());
    }

    private void answerInput(InputNode question, String text, Optional<GlobalKeyword> keyword,
        Understanding understood) {
      Map<String, List<String>> lists = settings.choiceLists();
      // Only a value named exactly beats a keyword; free text, numbers and patterns never do.
      Optional<String> value = ReplyMatcher.explicitAnswer(question.accept(), lists, vocabulary, text);
      if (value.isEmpty() && keyword.isPresent()) {
        keyword(keyword.get());
        return;
      }
      if (value.isEmpty() && understood.urgent()) {
        // Before a free-text answer takes it: words of danger go to a volunteer, not into a variable.
        urgent(understood);
        return;
      }
      if (value.isEmpty()) {
        value = ReplyMatcher.answer(question.accept(), lists, vocabulary, text);
      }
      if (value.isPresent()) {
        misses = 0;
        variables.put(question.variable(), value.get());
        run(question.next());
      } else {
        miss(question.invalid() != null ? question.invalid() : SystemKeys.REPROMPT_INPUT, Map.of());
      }
    }

    /**
     * Acts on what was understood of a text that matched no option, value or keyword: an urgent
     * message goes to a volunteer; a certain topic that settings.yaml sends somewhere goes there,
     * saying so; a certain language answers the language question (the waiting menu's, or on a
     * first message the start menu's); a greeting shows the waiting menu again. Otherwise only a
     * certain language changes, and false says that the usual answer must follow.
     *
     * @param menu the menu waiting for the reply, or null when none is
     */
    boolean understand(Understanding understood, MenuNode menu) {
      if (understood.urgent()) {
        urgent(understood);
        return true;
      }
      if (jumpToTopic(understood)) {
        return true;
      }
      Optional<String> detected = confidentLanguage(understood);
      MenuNode languageMenu = menu != null ? menu : language == null ? startMenu() : null;
      if (detected.isPresent() && languageMenu != null) {
        Optional<MenuNode.Option> option = languageOption(languageMenu, detected.get());
        if (option.isPresent()) {
          choose(option.get());
          return true;
        }
      }
      if (menu != null && understood.isGreeting()) {
        // "Hello" to a menu is not a wrong answer: show the question again.
        run(new Target(flow, menu.id()));
        return true;
      }
      switchLanguage(understood);
      return false;
    }

    /** A certain topic that settings.yaml sends somewhere: says what was understood, then goes there. */
    private boolean jumpToTopic(Understanding understood) {
      Optional<String> topic = understood.confidentTopic().filter(settings.topics()::containsKey);
      if (topic.isEmpty()) {
        return false;
      }
      switchLanguage(understood);
      if (language == null) {
        // Nobody knows yet which language the contact reads: the welcome asks first.
        return false;
      }
      misses = 0;
      variables.put(TOPIC_VARIABLE, topic.get());
      send(SystemKeys.NLP_UNDERSTOOD, Map.of());
      run(settings.topics().get(topic.get()));
      return true;
    }

    /**
     * Words of danger: the contact is told that a volunteer reads them first, and the
     * conversation is handed over as urgent. With a volunteer already, it only becomes urgent.
     */
    void urgent(Understanding understood) {
      // Without a topic, the kind of danger tells the volunteer more than "general" would.
      String topic = understood.confidentTopic().filter(t -> !t.equals(Understanding.GREETINGS))
          .orElse(understood.urgency());
      if (status != Status.HANDOFF) {
        switchLanguage(understood);
        events.add(new Event.SendText(texts(SystemKeys.NLP_URGENT, language == null, Map.of())));
        misses = 0;
        status = Status.HANDOFF;
        flow = null;
        node = null;
      }
      events.add(new Event.MarkUrgent(understood.urgency(), topic, String.join(" > ", path)));
    }

    private Optional<String> confidentLanguage(Understanding understood) {
      return understood.confidentLanguage().filter(settings.languages()::contains);
    }

    /** Only a certain language of the settings changes the conversation's. */
    private void switchLanguage(Understanding understood) {
      Optional<String> detected = confidentLanguage(understood);
      if (detected.isPresent() && !detected.get().equals(language)) {
        language = detected.get();
        events.add(new Event.SetLanguage(language));
      }
    }

    /** The start node when it is a menu (the welcome's language question), else null. */
    private MenuNode startMenu() {
      return set.node(settings.start()).orElse(null) instanceof MenuNode m ? m : null;
    }

    /** The option of {@code menu} that leads straight to {@code set_language: language}. */
    private Optional<MenuNode.Option> languageOption(MenuNode menu, String language) {
      for (MenuNode.Option option : menu.options()) {
        if (set.node(option.next()).orElse(null) instanceof SetLanguageNode s && s.language().equals(language)) {
          return Optional.of(option);
        }
      }
      return Optional.empty();
    }

    private void miss(String repromptKey, Map<String, String> extra) {
      events.add(new Event.NotUnderstood(flow, node));
      misses++;
      if (settings.maxMisses() > 0 && misses >= settings.maxMisses()) {
        misses = 0;
        run(settings.offerHuman());
      } else {
        send(repromptKey, extra);
      }
    }

    void keyword(GlobalKeyword keyword) {
      misses = 0;
      switch (keyword) {
        case MENU -> {
          closeHandoff();
          run(settings.menu());
        }
        case LANGUAGE -> {
          // Leaving the volunteer for the language menu must close the handoff too: an open
          // handoff on an active conversation would show in the inbox forever.
          closeHandoff();
          run(settings.language());
        }
        case HUMAN -> {
          if (status != Status.HANDOFF) {
            run(settings.human());
          }
        }
        // Both leave the conversation where it was: the next reply answers the same question.
        case DELETE -> {
          send(SystemKeys.ERASE_CONFIRM, Map.of());
          events.add(new Event.ErasureAsked());
        }
        case PRIVACY -> send(SystemKeys.PRIVACY_FULL, Map.of());
        case STOP -> {
          send(SystemKeys.STOPPED, Map.of());
          closeHandoff();
          events.add(new Event.OptOut());
          status = Status.STOPPED;
          flow = null;
          node = null;
        }
      }
    }

    private void closeHandoff() {
      if (status == Status.HANDOFF) {
        events.add(new Event.CloseHandoff());
        status = Status.ENDED;
      }
    }

    /** Executes nodes from {@code start} until one waits for the contact or the flow stops. */
    void run(Target start) {
      int eventsBefore = events.size();
      String languageBefore = language;
      Map<String, String> variablesBefore = new LinkedHashMap<>(variables);
      List<String> pathBefore = new ArrayList<>(path);
      Target target = start;
      for (int visited = 0; ; visited++) {
        if (visited == MAX_NODES_PER_STEP) {
          // A loop that never waits: sending what it produced would flood the contact with
          // copies of the same texts, so the run is undone and the conversation ends.
          events.subList(eventsBefore, events.size()).clear();
          language = languageBefore;
          variables = variablesBefore;
          path = pathBefore;
          end();
          return;
        }
        Optional<Node> found = target == null ? Optional.empty() : set.node(target);
        if (found.isEmpty()) {
          // An unknown target: the validator refuses such content.
          end();
          return;
        }
        Node current = found.get();
        visit(target.flow(), current.id());
        Target next = execute(target.flow(), current);
        if (next == HALT) {
          return;
        }
        if (next == null) {
          end();
          return;
        }
        target = next;
      }
    }

    /** Runs one node: the target to continue at, {@link #HALT} when the run stops, null to end. */
    private Target execute(String flowId, Node current) {
      return switch (current) {
        case MessageNode m -> {
          events.add(new Event.SendText(texts(m.text(), m.allLanguages(), Map.of())));
          yield m.next();
        }
        case MenuNode m -> {
          events.add(new Event.SendMenu(texts(m.prompt(), m.allLanguages(), Map.of()), choices(m)));
          waitAt(flowId, m.id());
          yield HALT;
        }
        case InputNode i -> {
          events.add(new Event.SendText(texts(i.prompt(), false, Map.of())));
          waitAt(flowId, i.id());
          yield HALT;
        }
        case LookupNode l -> lookup(l);
        case HandoffNode h -> {
          if (h.text() != null) {
            events.add(new Event.SendText(texts(h.text(), false, Map.of())));
          }
          events.add(new Event.OpenHandoff(h.topic(), h.urgent(), String.join(" > ", path)));
          status = Status.HANDOFF;
          flow = null;
          node = null;
          yield HALT;
        }
        case SetLanguageNode s -> {
          language = s.language();
          events.add(new Event.SetLanguage(s.language()));
          yield s.next();
        }
        case JumpNode j -> j.target();
        case EndNode e -> {
          if (e.text() != null) {
            events.add(new Event.SendText(texts(e.text(), false, Map.of())));
          }
          end();
          yield HALT;
        }
      };
    }

    private Target lookup(LookupNode l) {
      String topic = resolve(l.topic());
      String city = resolve(l.city());
      Directory directory = set.directory() == null ? Directory.EMPTY : set.directory();
      List<Organisation> found =
          directory.find(topic.isBlank() ? null : topic, city.isBlank() ? null : city);
      if (found.isEmpty()) {
        return l.none();
      }
      List<String> ids = found.stream().map(Organisation::id).toList();
      events.add(new Event.SendServices(ids, topic, city, language()));
      return l.found();
    }

    /** {@code {var}} replaced by the variable, blank when unset. */
    private String resolve(String template) {
      if (template == null) {
        return "";
      }
      Matcher m = PLACEHOLDER.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(m.group(1), "")));
      }
      m.appendTail(out);
      return out.toString();
    }

    private void visit(String flowId, String nodeId) {
      path.add(flowId + "." + nodeId);
      while (path.size() > ConversationState.PATH_LIMIT) {
        path.removeFirst();
      }
    }

    private void waitAt(String flowId, String nodeId) {
      status = Status.ACTIVE;
      flow = flowId;
      node = nodeId;
    }

    private void end() {
      status = Status.ENDED;
      flow = null;
      node = null;
    }

    private void send(String key, Map<String, String> extra) {
      events.add(new Event.SendText(texts(key, false, extra)));
    }

    /** The language texts are shown in: the contact's, or the default one until it is chosen. */
    private String language() {
      return language != null ? language : settings.defaultLanguage();
    }

    private List<TextRef> texts(String key, boolean allLanguages, Map<String, String> extra) {
      Map<String, String> vars = new LinkedHashMap<>(variables);
      vars.putAll(extra);
      if (allLanguages) {
        return settings.languages().stream().map(l -> new TextRef(key, vars, l)).toList();
      }
      return List.of(new TextRef(key, vars, language()));
    }

    private List<Event.Choice> choices(MenuNode menu) {
      List<Event.Choice> choices = new ArrayList<>();
      for (int i = 0; i < menu.options().size(); i++) {
        choices.add(new Event.Choice(i + 1, new TextRef(menu.options().get(i).label(), variables, language())));
      }
      return choices;
    }
  }
}
