package org.dalil.handoff;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dalil.channel.OutboundMessage;
import org.dalil.conversation.HandoffHook;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's side of each handled message, in its transaction: a new handoff gets its language,
 * city and channel for the queue, and the contact is told about the wait; a message to an open
 * handoff is signalled to the inbox, and replies held for the WhatsApp window go out.
 */
public final class EscalationHook implements HandoffHook {
  private static final Logger log = LoggerFactory.getLogger(EscalationHook.class);

  private final Supplier<InboxSettings> settings;
  private final ContactTexts texts = new ContactTexts();
  private final Clock clock;
  private final Runnable urgentWork;

  /**
   * @param settings the current settings (the admins' values included)
   * @param urgentWork called when a handoff is urgent, so the alert job runs at once (after commit)
   */
  public EscalationHook(Supplier<InboxSettings> settings, Clock clock, Runnable urgentWork) {
    this.settings = settings;
    this.clock = clock;
    this.urgentWork = urgentWork;
  }

  @Override
  public List<OutboundMessage> afterStep(Handle h, AppliedStep step) {
    List<OutboundMessage> sent = new ArrayList<>();
    if (step.handoffId() != null) {
      InboxDao inbox = h.attach(InboxDao.class);
      String language = step.state().language() != null ? step.state().language()
          : step.flowSet().settings().defaultLanguage();
      String city = step.state().variables().get("city");
      boolean first = inbox.describeOpened(step.handoffId(), step.channel(), language, city);
      HandoffSummary handoff = inbox.find(step.handoffId()).orElseThrow();
      if (first) {
        OutboundMessage ack = texts.acknowledgement(step.flowSet(), language, handoff.urgent(), settings.get(),
            clock.instant(), Outgoing.isSms(step.channel()));
        Outgoing.write(h, step.contactId(), step.channel(), ack, step.inboundMessageId());
        sent.add(ack);
        InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.OPENED, handoff.id(), step.contactId()));
        log.info("handoff opened: handoff={} contact={} topic={} urgent={}", handoff.id(), step.contactId(),
            handoff.topic(), handoff.urgent());
      } else {
        InboxSignals.publish(h, new InboxEvent(
            handoff.urgent() ? InboxEvent.Kind.URGENT : InboxEvent.Kind.MESSAGE, handoff.id(), step.contactId()));
      }
      if (handoff.urgent()) {
        h.afterCommit(urgentWork);
      }
    } else {
      // Most messages are to the bot: the open handoff was read with the conversation, and the DAO is not attached.
      Optional<Long> open = Optional.ofNullable(step.openHandoffId());
      if (open.isPresent()) {
        sent.addAll(releaseHeld(h, h.attach(InboxDao.class), step, open.get()));
        InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.MESSAGE, open.get(), step.contactId()));
      }
    }
    if (step.handoffClosed()) {
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.CLOSED, 0, step.contactId()));
    }
    return sent;
  }

  /** The contact wrote: the WhatsApp window is open again, so the replies held for it go out now, in order. */
  private List<OutboundMessage> releaseHeld(Handle h, InboxDao inbox, AppliedStep step, long handoffId) {
    List<OutboundMessage> sent = new ArrayList<>();
    for (InboxDao.HeldReply held : inbox.releaseHeld(step.contactId())) {
      OutboundMessage reply = ContactTexts.volunteerReply(held.body(), held.language());
      long messageId = Outgoing.write(h, step.contactId(), step.channel(), reply, step.inboundMessageId());
      inbox.recordReply(messageId, held.handoffId(), held.volunteerId());
      inbox.heldSent(held.id(), messageId);
      inbox.answered(held.handoffId());
      sent.add(reply);
    }
    if (!sent.isEmpty()) {
      log.info("held replies released: handoff={} contact={} count={}", handoffId, step.contactId(), sent.size());
      InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.REPLY, handoffId, step.contactId()));
    }
    return sent;
  }
}
