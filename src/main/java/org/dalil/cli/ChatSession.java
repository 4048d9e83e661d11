package org.dalil.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.dalil.flow.Engine;
import org.dalil.flow.Event;
import org.dalil.flow.FlowSet;
import org.dalil.flow.MessageRenderer;
import org.dalil.flow.Step;
import org.dalil.flow.UserInput;
import org.dalil.nlp.Understander;

/**
 * One contact talking to one flow set, without storage: what {@code dalil chat} and the flow
 * script tests run. Each typed line gives the lines to print: replies prefixed by {@code "< "},
 * other events in brackets, so that a chat transcript can be pasted into a test script.
 *
 * <p>Commands: {@code /reset} forgets the conversation, {@code /state} shows it, {@code /wait
 * PT25H} moves the clock forward, {@code /start}, {@code /media} and {@code /location} send
 * what a channel would send for a start command, a picture or a location.
 */
public final class ChatSession {
  private final FlowSet set;
  private final Supplier<Instant> clock;
  private final Understander understander;
  private final Engine engine = new Engine();
  private final MessageRenderer renderer = new MessageRenderer();
  private ConversationState state;
  private Duration offset = Duration.ZERO;

  /** @param clock the time of each message ({@code Instant::now} in the terminal, a fixed sequence in tests) */
  public ChatSession(FlowSet set, Supplier<Instant> clock) {
    this(set, clock, Understander.NONE);
  }

  /** @param understander what free text is understood with, as the server does ({@link Understander#NONE}: menus only) */
  public ChatSession(FlowSet set, Supplier<Instant> clock, Understander understander) {
    this.set = set;
    this.clock = clock;
    this.understander = understander;
  }

  public ConversationState state() {
    return state;
  }

  /** The lines to print for one line the person typed. A blank line does nothing. */
  public List<String> handle(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return List.of();
    }
    String[] words = trimmed.split("\\s+", 2);
    return switch (words[0]) {
      case "/reset" -> {
        state = null;
        yield List.of("[reset]");
      }
      case "/state" -> describe(state);
      case "/wait" -> waitFor(words.length > 1 ? words[1] : "");
      case "/start" -> step(new UserInput(trimmed, UserInput.Kind.START, null));
      case "/media" -> step(new UserInput("", UserInput.Kind.MEDIA, null));
      case "/location" -> step(new UserInput("", UserInput.Kind.LOCATION, null));
      case "/help" -> List.of(
          "[commands: /reset, /state, /wait PT25H, /start, /media, /location, /quit]");
      default -> step(UserInput.text(line));
    };
  }

  private List<String> waitFor(String duration) {
    try {
      Duration d = Duration.parse(duration);
      offset = offset.plus(d);
      return List.of("[waited " + d + "]");
    } catch (DateTimeParseException e) {
      return List.of("[usage: /wait PT25H (an ISO-8601 duration)]");
    }
  }

  private List<String> step(UserInput input) {
    FlowSet running = state != null && state.version().equals(set.version()) ? set : null;
    Step step = engine.step(set, running, state, understander.understand(set, input), clock.get().plus(offset));
    state = step.state();
    List<String> lines = new ArrayList<>();
    for (Event event : step.events()) {
      lines.addAll(lines(set, renderer, event));
    }
    if (step.events().isEmpty() && state.status() == ConversationState.Status.HANDOFF) {
      lines.add("[to the volunteer]");
    }
    return lines;
  }

  /** How one event is printed: a message as {@code "< "} lines (a blank line as {@code "<"}), others in brackets. */
  public static List<String> lines(FlowSet set, MessageRenderer renderer, Event event) {
    Optional<OutboundMessage> message = renderer.render(set, event);
    if (message.isPresent()) {
      List<String> lines = new ArrayList<>();
      for (String l : message.get().asPlainText().split("\n", -1)) {
        lines.add(l.isEmpty() ? "<" : "< " + l);
      }
      return lines;
    }
    return switch (event) {
      case Event.SetLanguage e -> List.of("[language: " + e.language() + "]");
      case Event.OpenHandoff e -> List.of("[handoff: " + e.topic() + (e.urgent() ? ", urgent" : "") + "]");
      case Event.CloseHandoff e -> List.of("[handoff closed]");
      case Event.OptOut e -> List.of("[opt-out]");
      case Event.NotUnderstood e -> List.of("[not understood]");
      case Event.MarkUrgent e -> List.of("[urgent: " + e.reason() + ", " + e.topic() + "]");
      default -> List.of();
    };
  }

  private static List<String> describe(ConversationState s) {
    if (s == null) {
      return List.of("[state: none]");
    }
    String at = s.flow() == null ? "" : " at " + s.flow() + "." + s.node();
    return List.of(
        "[state: " + s.status() + at + ", language " + s.language() + ", misses " + s.misses()
            + ", version " + s.version() + "]",
        "[variables: " + s.variables() + "]",
        "[path: " + String.join(" > ", s.path()) + "]",
        "[started " + s.startedAt() + ", last activity " + s.lastActivityAt() + "]");
  }
}
