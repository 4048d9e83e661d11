package org.dalil.conversation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.dalil.channel.InboundMessage;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.dalil.flow.Engine;
import org.dalil.flow.Event;
import org.dalil.flow.FlowSet;
import org.dalil.flow.MessageRenderer;
import org.dalil.flow.Step;
import org.dalil.nlp.Understander;
import org.dalil.privacy.ConsentDao;
import org.dalil.privacy.ContactErasure;
import org.dalil.store.ContactDao;
import org.dalil.store.HandoffDao;
import org.dalil.store.InboundStore;
import org.dalil.store.MessageDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.StepWrites;
import org.dalil.store.StoredConversation;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles an inbound message in a transaction: store it (once per channel message id), run the
 * engine, store the new state and write the replies to the outbox. When this returns, the message
 * and its replies are durable, so a webhook may answer 200; the outbox worker sends the replies.
 * Messages of different contacts that arrive together share the transaction ({@link GroupCommit}).
 *
 * <p>The contact's row is locked first, so the messages of one contact are handled one at a time,
 * in every instance sharing the database.
 */
public final class ConversationService {
  private static final Logger log = LoggerFactory.getLogger(ConversationService.class);
  private static final String SMS_CHANNEL = "sms";
  /**
   * Messages that arrive together share a transaction, up to this many (issue 9: 32 messages in one
   * transaction cost PostgreSQL a sixth of the CPU per message that 32 transactions do).
   */
  private static final int MAX_BATCH_SIZE = 32;
  /**
   * Batches in flight at once: while one waits for the database, the next is gathered and stepped.
   * Well under the pool's ten connections, which the outbox and the inbox share.
   */
  private static final int MAX_BATCHES = 3;

  private final Jdbi jdbi;
  private final FlowVersions versions;
  private final Engine engine;
  private final MessageRenderer renderer;
  private final Consumer<String> outboxHasWork;
  private final GroupCommit<Arrival, HandleResult> groupCommit;
  private HandoffHook handoffHook = HandoffHook.NONE;
  private Understander understander = Understander.NONE;

  /**
   * @param outboxHasWork called with the channel after a commit that wrote replies (typically
   *     {@code OutboxWorker::notifyNewWork})
   */
  public ConversationService(
      Jdbi jdbi, FlowVersions versions, Engine engine, MessageRenderer renderer, Consumer<String> outboxHasWork) {
    this.jdbi = jdbi;
    this.versions = versions;
    this.engine = engine;
    this.renderer = renderer;
    this.outboxHasWork = outboxHasWork;
    this.groupCommit = new GroupCommit<>(this::handleTogether, a -> handleTogether(List.of(a)).getFirst(),
        Arrival::contact, MAX_BATCH_SIZE, MAX_BATCHES);
  }

  public ConversationService(Jdbi jdbi, FlowVersions versions, Consumer<String> outboxHasWork) {
    this(jdbi, versions, new Engine(), new MessageRenderer(), outboxHasWork);
  }

  /** Adds the volunteers' side of each handled message (the inbox); set once, before messages arrive. */
  public ConversationService withHandoffHook(HandoffHook hook) {
    this.handoffHook = hook;
    return this;
  }

  /**
   * Adds what the NLP understands of each text (language, topic, urgency) to the input before the
   * engine runs; set once, before messages arrive. Without it the engine sees menus and keywords only.
   */
  public ConversationService withUnderstander(Understander understander) {
    this.understander = understander;
    return this;
  }

  public HandleResult handle(InboundMessage inbound) {
    FlowSet current = versions.current();
    if (current == null) {
      throw new IllegalStateException("no flow version is published yet");
    }
    // Outside the transaction: the contact's row stays locked only for the step itself.
    InboundMessage message = new InboundMessage(inbound.channel(), inbound.address(), inbound.providerMessageId(),
        understander.understand(current, inbound.input()), inbound.receivedAt());
    return groupCommit.submit(new Arrival(current, message));
  }

  /** A message, understood, and the flow version published when it arrived. */
  record Arrival(FlowSet current, InboundMessage message) {
    /** What must not be handled in two transactions at once: the contact. */
    Object contact() {
      return message.channel() + "\n" + message.address();
    }

    InboundStore.Arriving arriving() {
      return new InboundStore.Arriving(message.channel(), message.address(), message.providerMessageId(), body());
    }

    String body() {
      return Objects.requireNonNullElse(message.input().text(), "");
    }
  }

  /**
   * Handles the messages of several contacts (each at most once) in one transaction: the contacts
   * are locked and the messages stored together, each step runs as it would alone, and the steps'
   * final writes are one statement. When this returns, all of it is durable.
   */
  List<HandleResult> handleTogether(List<Arrival> arrivals) {
    List<HandleResult> results = jdbi.inTransaction(h -> {
      // Alone, the lock, the message and the read take one round trip (lockAndReceive); together,
      // two for the known contacts and one for the new ones.
      List<Optional<InboundStore.Received>> known = arrivals.size() == 1
          ? List.of(Optional.empty())
          : InboundStore.lockAndReceiveAll(h, arrivals.stream().map(Arrival::arriving).toList());
      List<Turn> turns = new ArrayList<>(arrivals.size());
      for (int i = 0; i < arrivals.size(); i++) {
        Arrival a = arrivals.get(i);
        InboundStore.Received received = known.get(i).orElseGet(() -> InboundStore.lockAndReceive(h,
            a.message().channel(), a.message().address(), a.message().providerMessageId(), a.body()));
        turns.add(turn(h, a, received));
      }
      return finish(h, turns);
    });
    Set<String> woken = new HashSet<>();
    for (int i = 0; i < results.size(); i++) {
      HandleResult result = results.get(i);
      String channel = arrivals.get(i).message().channel();
      if (!result.duplicate() && !result.replies().isEmpty() && woken.add(channel)) {
        outboxHasWork.accept(channel);
      }
    }
    return results;
  }

  /**
   * One message's step, its events applied but for the final write of its state and replies
   * ({@code writes}, written with the others of its batch); or a duplicate's result.
   */
  private record Turn(HandleResult duplicate, Arrival arrival, long contactId, long inboundId, StepWrites writes,
      List<OutboundMessage> replies, Step step, FlowSet rendering, Long handoffId, boolean handoffClosed,
      Long stillOpen, int notUnderstood) {}

  private Turn turn(Handle h, Arrival arrival, InboundStore.Received received) {
    InboundMessage message = arrival.message();
    InboundStore.LockedContact contact = received.contact();
    long contactId = contact.id();
    if (received.inboundId().isEmpty()) {
      long existing = h.attach(MessageDao.class).findInbound(message.channel(), message.providerMessageId()).orElseThrow();
      List<OutboundMessage> replies = h.attach(OutboxDao.class).repliesTo(existing);
      log.info("inbound duplicate: message={} contact={} channel={} replies={}",
          existing, contactId, message.channel(), replies.size());
      return new Turn(new HandleResult(true, existing, replies), arrival, contactId, existing, null, replies, null,
          null, null, false, null, 0);
    }
    long inboundId = received.inboundId().get();
    // The rarer statements go through the DAOs, attached when first needed.
    Daos daos = new Daos(h);
    if (contact.optedOut() && daos.contacts().clearOptOut(contactId)) {
      log.info("contact={} wrote again after opting out", contactId);
    }

    FlowSet current = arrival.current();
    InboundStore.ConversationAndHandoff before = received.before();
    ConversationState state = before.conversation().map(StoredConversation::state).orElse(null);
    FlowSet running = state == null ? null : versions.byVersion(state.version());
    Step step = engine.step(current, running, state, message.input(), contact.privacy(), message.receivedAt());

    FlowSet rendering = flowSetOf(step.state(), current, running);
    // The state, the replies and the contact's changes go in one statement; a rarer effect is
    // written after what came before it in the step (StepWrites.flush).
    StepWrites writes = new StepWrites(contactId, message.channel(), inboundId, step.state());
    // SMS is paid by the segment: texts with a shorter KEY.sms variant use it there.
    boolean sms = SMS_CHANNEL.equals(message.channel());
    List<OutboundMessage> replies = new ArrayList<>();
    int notUnderstood = 0;
    Long handoffId = null;
    boolean handoffClosed = false;
    boolean erased = false;
    for (Event event : step.events()) {
      switch (event) {
        case Event.SendText e -> renderer.render(rendering, e, sms).ifPresent(r -> reply(writes, replies, r));
        case Event.SendMenu e -> renderer.render(rendering, e, sms).ifPresent(r -> reply(writes, replies, r));
        case Event.SendServices e -> renderer.render(rendering, e, sms).ifPresent(r -> reply(writes, replies, r));
        case Event.SetLanguage e -> writes.language(e.language());
        case Event.NoticeShown e -> writes.noticeShown(message.receivedAt());
        case Event.ConsentGiven e -> writes.consentGiven(message.receivedAt());
        case Event.NotUnderstood e -> notUnderstood++;
        case Event.OpenHandoff e ->
            handoffId = daos.handoffs().open(writes.flush(h), contactId, e.topic(), e.urgent(), e.summary());
        case Event.CloseHandoff e -> {
          writes.flush(h);
          handoffClosed |= daos.handoffs().closeOpen(contactId);
        }
        // Opens an urgent handoff, or makes the open one urgent (HandoffDao.open keeps one per contact).
        case Event.MarkUrgent e ->
            handoffId = daos.handoffs().open(writes.flush(h), contactId, e.topic(), true, e.summary());
        case Event.OptOut e -> {
          writes.flush(h);
          daos.contacts().optOut(contactId, message.receivedAt());
        }
        case Event.ErasureAsked e -> {
          writes.flush(h);
          daos.consent().erasureAsked(contactId, message.receivedAt());
        }
        case Event.ErasureCancelled e -> {
          writes.flush(h);
          daos.consent().erasureCancelled(contactId);
        }
        case Event.EraseContact e -> {
          // Everything goes but this message and the confirmation that follows (sent, then erased too);
          // the final write stores the conversation again.
          writes.flush(h);
          ContactErasure.atContactRequest(h, contactId, inboundId, message.receivedAt());
          handoffId = null;
          erased = true;
        }
      }
    }
    // The handoff open before the step is still the open one unless the step opened, closed or erased.
    Long stillOpen = handoffId == null && !handoffClosed && !erased ? before.openHandoffId() : null;
    return new Turn(null, arrival, contactId, inboundId, writes, replies, step, rendering, handoffId, handoffClosed,
        stillOpen, notUnderstood);
  }

  /** The steps' final writes in one statement, then the volunteers' side of each. */
  private List<HandleResult> finish(Handle h, List<Turn> turns) {
    List<StepWrites> writes = turns.stream().filter(t -> t.duplicate() == null).map(Turn::writes).toList();
    long[] conversationIds = writes.isEmpty() ? new long[0] : StepWrites.flushAll(h, writes);
    List<HandleResult> results = new ArrayList<>(turns.size());
    int written = 0;
    for (Turn t : turns) {
      if (t.duplicate() != null) {
        results.add(t.duplicate());
        continue;
      }
      InboundMessage message = t.arrival().message();
      List<OutboundMessage> replies = new ArrayList<>(t.replies());
      replies.addAll(handoffHook.afterStep(h, new HandoffHook.AppliedStep(t.contactId(), conversationIds[written++],
          t.inboundId(), message.channel(), t.arrival().body(), message.receivedAt(), t.step().state(), t.rendering(),
          t.handoffId(), t.handoffClosed(), t.stillOpen())));
      log.info("inbound handled: message={} contact={} channel={} events={} replies={} notUnderstood={} status={}",
          t.inboundId(), t.contactId(), message.channel(), t.step().events().size(), replies.size(),
          t.notUnderstood(), t.step().state().status());
      results.add(new HandleResult(false, t.inboundId(), replies));
    }
    return results;
  }

  /** The DAOs of the less frequent statements, each attached to the transaction's handle once, when first used. */
  private static final class Daos {
    private final Handle h;
    private ContactDao contacts;
    private HandoffDao handoffs;
    private ConsentDao consent;

    Daos(Handle h) {
      this.h = h;
    }

    ContactDao contacts() {
      return contacts != null ? contacts : (contacts = h.attach(ContactDao.class));
    }

    HandoffDao handoffs() {
      return handoffs != null ? handoffs : (handoffs = h.attach(HandoffDao.class));
    }

    ConsentDao consent() {
      return consent != null ? consent : (consent = h.attach(ConsentDao.class));
    }
  }

  /** The flow set the state names after the step: the one its texts must come from. */
  private FlowSet flowSetOf(ConversationState next, FlowSet current, FlowSet running) {
    if (next.version().equals(current.version())) {
      return current;
    }
    if (running != null && next.version().equals(running.version())) {
      return running;
    }
    FlowSet set = versions.byVersion(next.version());
    if (set == null) {
      throw new IllegalStateException("the engine stepped to flow version " + next.version() + ", which is unknown");
    }
    return set;
  }

  private static void reply(StepWrites writes, List<OutboundMessage> replies, OutboundMessage reply) {
    writes.reply(reply);
    replies.add(reply);
  }
}
