package org.dalil.conversation;

import java.time.Instant;
import java.util.List;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.dalil.flow.FlowSet;
import org.jdbi.v3.core.Handle;

/**
 * The volunteers' side of a handled message, run in the same transaction as the step: describe a
 * new handoff for the queue and tell the contact about the wait, tell the inbox (live) that the
 * contact wrote, send replies held for the contact. Implemented in {@code org.dalil.handoff}.
 */
public interface HandoffHook {

  /**
   * What the step did, after its events were applied.
   *
   * @param handoffId the handoff the step opened or made urgent, or null
   * @param handoffClosed whether the step closed the contact's open handoff (menu keyword, stop)
   * @param flowSet the flow set of the new state (its texts are the contact's)
   * @param openHandoffId when the step neither opened, closed nor erased a handoff: the contact's
   *     handoff open before and after it, or null for none
   */
  record AppliedStep(
      long contactId,
      long conversationId,
      long inboundMessageId,
      String channel,
      String text,
      Instant receivedAt,
      ConversationState state,
      FlowSet flowSet,
      Long handoffId,
      boolean handoffClosed,
      Long openHandoffId) {}

  /**
   * Runs after the engine's events were applied. Messages it sends it writes itself (message and
   * outbox rows, in reply to the inbound message) and returns, so that the outbox is woken.
   */
  List<OutboundMessage> afterStep(Handle h, AppliedStep step);

  HandoffHook NONE = (h, step) -> List.of();
}
