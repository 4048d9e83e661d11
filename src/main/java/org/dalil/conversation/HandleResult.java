package org.dalil.conversation;

import java.util.List;
import org.dalil.channel.OutboundMessage;

/**
 * What handling one inbound message produced.
 *
 * @param duplicate the channel had delivered this message before: nothing was changed, and
 *     {@code replies} are the ones stored the first time
 * @param inboundMessageId the stored inbound message
 * @param replies the replies, in the order they are sent (already in the outbox)
 */
public record HandleResult(boolean duplicate, long inboundMessageId, List<OutboundMessage> replies) {
  public HandleResult {
    replies = List.copyOf(replies);
  }
}
