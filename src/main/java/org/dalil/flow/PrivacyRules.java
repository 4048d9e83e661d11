package org.dalil.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dalil.flow.ConversationState.Status;
import org.dalil.i18n.Normalizer;
import org.dalil.i18n.SystemKeys;

/**
 * The engine's privacy rules around a step: the short notice before anything else at first
 * contact, agreement by writing again after it, answers not kept without that agreement, and the
 * erasure's confirmation. Pure, like the engine.
 */
final class PrivacyRules {
  /** Words after the notice that are not "going on": they stop, erase or ask to read first. */
  private static final Set<GlobalKeyword> NOT_AGREEING = Set.of(GlobalKeyword.STOP, GlobalKeyword.DELETE, GlobalKeyword.PRIVACY);

  private PrivacyRules() {}

  /** Whether this message, after the erasure keyword, confirms it (a confirm word, or the keyword again). */
  static boolean confirmsErasure(FlowSet set, UserInput input) {
    if (input.kind() != UserInput.Kind.TEXT || input.text() == null) {
      return false;
    }
    Vocabulary vocabulary = Vocabulary.of(set.catalog());
    return vocabulary.words(SystemKeys.KEYWORDS_CONFIRM).contains(Normalizer.normalize(input.text()))
        || vocabulary.globalKeyword(input.text()).filter(k -> k == GlobalKeyword.DELETE).isPresent();
  }

  /**
   * The step of a confirmed erasure: the open handoff is closed, everything is erased, and the
   * contact is told so in their language; the conversation starts afresh, without a language.
   */
  static Step erased(FlowSet current, ConversationState before, Instant now) {
    List<Event> events = new ArrayList<>();
    if (before != null && before.status() == Status.HANDOFF) {
      events.add(new Event.CloseHandoff());
    }
    events.add(new Event.EraseContact());
    events.add(new Event.SendText(List.of(TextRef.of(SystemKeys.ERASE_DONE, languageOf(current, before)))));
    ConversationState fresh = new ConversationState(
        current.version(), null, null, null, Map.of(), 0, Status.ENDED, now, now, List.of());
    return new Step(fresh, events);
  }

  /** What is said, before the step, when the message after the erasure keyword does not confirm it. */
  static List<Event> erasureCancelled(FlowSet current, ConversationState before) {
    return List.of(new Event.ErasureCancelled(),
        new Event.SendText(List.of(TextRef.of(SystemKeys.ERASE_CANCELLED, languageOf(current, before)))));
  }

  /**
   * The step as the contact's privacy state requires: {@code first} before its events; the notice
   * at the head of its first text when it was never shown; agreement when the contact goes on after
   * it; and the answer the step saved into a variable dropped when they have not agreed.
   *
   * @param running the flow set the step ran on, or null
   */
  static Step apply(FlowSet current, FlowSet running, ConversationState before, UserInput input,
      PrivacyState privacy, List<Event> first, Step step) {
    List<Event> events = new ArrayList<>(first);
    events.addAll(step.events());
    boolean optedOut = events.stream().anyMatch(Event.OptOut.class::isInstance);
    boolean agreed = privacy.agreed();
    if (!privacy.noticeShown()) {
      if (!optedOut) {
        withNotice(current, step.state(), events);
      }
    } else if (!agreed && goesOn(current, input, events)) {
      events.addFirst(new Event.ConsentGiven());
      agreed = true;
    }
    ConversationState next = agreed ? step.state() : withoutNewAnswer(current, running, before, step.state());
    return new Step(next, events);
  }

  /** Whether the message is the contact going on after the notice (not stopping, erasing or reading it). */
  private static boolean goesOn(FlowSet set, UserInput input, List<Event> events) {
    if (events.stream().anyMatch(e -> e instanceof Event.ErasureAsked || e instanceof Event.EraseContact)) {
      return false;
    }
    if (input.kind() != UserInput.Kind.TEXT || input.text() == null) {
      return true;
    }
    Optional<GlobalKeyword> keyword = Vocabulary.of(set.catalog()).globalKeyword(input.text());
    return keyword.filter(NOT_AGREEING::contains).isEmpty();
  }

  /**
   * Puts the notice at the head of the first text sent (one message, not one more), in the
   * contact's language, or in every language while it is unknown (as the welcome is).
   */
  private static void withNotice(FlowSet set, ConversationState next, List<Event> events) {
    List<TextRef> notice = next.language() != null
        ? List.of(TextRef.of(SystemKeys.PRIVACY_NOTICE, next.language()))
        : set.settings().languages().stream().map(l -> TextRef.of(SystemKeys.PRIVACY_NOTICE, l)).toList();
    boolean placed = false;
    for (int i = 0; i < events.size() && !placed; i++) {
      Event e = events.get(i);
      if (e instanceof Event.SendText t) {
        events.set(i, new Event.SendText(concat(notice, t.paragraphs())));
        placed = true;
      } else if (e instanceof Event.SendMenu m) {
        events.set(i, new Event.SendMenu(concat(notice, m.prompt()), m.choices()));
        placed = true;
      }
    }
    if (!placed) {
      // Nothing else is said (a message to a volunteer): the notice goes alone.
      events.addFirst(new Event.SendText(notice));
    }
    events.addFirst(new Event.NoticeShown());
  }

  private static List<TextRef> concat(List<TextRef> a, List<TextRef> b) {
    List<TextRef> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * The state without the answer this step saved from the input node it was waiting at: it served
   * this step (a lookup, a text) but is not kept without agreement.
   */
  private static ConversationState withoutNewAnswer(FlowSet current, FlowSet running, ConversationState before,
      ConversationState next) {
    if (before == null || before.status() != Status.ACTIVE || before.flow() == null || before.node() == null) {
      return next;
    }
    FlowSet set = running != null && running.version().equals(before.version()) ? running : current;
    if (!(set.node(new Target(before.flow(), before.node())).orElse(null) instanceof InputNode question)) {
      return next;
    }
    String name = question.variable();
    String saved = next.variables().get(name);
    if (saved == null || Objects.equals(saved, before.variables().get(name))) {
      return next;
    }
    Map<String, String> variables = new LinkedHashMap<>(next.variables());
    variables.remove(name);
    return new ConversationState(next.version(), next.flow(), next.node(), next.language(), variables, next.misses(),
        next.status(), next.startedAt(), next.lastActivityAt(), next.path());
  }

  private static String languageOf(FlowSet current, ConversationState state) {
    return state != null && state.language() != null ? state.language() : current.settings().defaultLanguage();
  }
}
