package org.dalil.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * Handles one inbound message in one transaction: store it (once per channel message id), run the
 * engine, store the new state and write the replies to the outbox. When this returns, the message
 * and its replies are durable, so a webhook may answer 200; the outbox worker sends the replies.
 *
 * <p>The contact's row is locked first, so the messages of one contact are handled one at a time,
 * in every instance sharing the database.
 */
public final class ConversationService {
  private static final Logger log = LoggerFactory.getLogger(ConversationService.class);
  private static final String SMS_CHANNEL = "sms";

  private final Jdbi jdbi;
  private final FlowVersions versions;
  private final Engine engine;
  private final MessageRenderer renderer;
  private final Consumer<String> outboxHasWork;
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
    HandleResult result = jdbi.inTransaction(h -> handle(h, current, message));
    if (!result.duplicate() && !result.replies().isEmpty()) {
      outboxHasWork.accept(message.channel());
    }
    return result;
  }

  private HandleResult handle(Handle h, FlowSet current, InboundMessage message) {
    // Locks the contact's row until commit: its messages are handled one at a time, on every instance.
    String body = Objects.requireNonNullElse(message.input().text(), "");
    InboundStore.Received received =
        InboundStore.lockAndReceive(h, message.channel(), message.address(), message.providerMessageId(), body);
    InboundStore.LockedContact contact = received.contact();
    long contactId = contact.id();
    if (received.inboundId().isEmpty()) {
      long existing = h.attach(MessageDao.class).findInbound(message.channel(), message.providerMessageId()).orElseThrow();
      List<OutboundMessage> replies = h.attach(OutboxDao.class).repliesTo(existing);
      log.info("inbound duplicate: message={} contact={} channel={} replies={}",
          existing, contactId, message.channel(), replies.size());
      return new HandleResult(true, existing, replies);
    }
    long inboundId = received.inboundId().get();
    // The rarer statements go through the DAOs, attached when first needed.
    Daos daos = new Daos(h);
    if (contact.optedOut() && daos.contacts().clearOptOut(contactId)) {
      log.info("contact={} wrote again after opting out", contactId);
    }

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
          // the next flush writes the conversation again.
          writes.flush(h);
          ContactErasure.atContactRequest(h, contactId, inboundId, message.receivedAt());
          handoffId = null;
          erased = true;
        }
      }
    }
    long conversationId = writes.flush(h);
    // The handoff open before the step is still the open one unless the step opened, closed or erased.
    Long stillOpen = handoffId == null && !handoffClosed && !erased ? before.openHandoffId() : null;
    replies.addAll(handoffHook.afterStep(h, new HandoffHook.AppliedStep(contactId, conversationId, inboundId,
        message.channel(), body, message.receivedAt(), step.state(), rendering, handoffId, handoffClosed, stillOpen)));
    log.info("inbound handled: message={} contact={} channel={} events={} replies={} notUnderstood={} status={}",
        inboundId, contactId, message.channel(), step.events().size(), replies.size(), notUnderstood,
        step.state().status());
    return new HandleResult(false, inboundId, replies);
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
