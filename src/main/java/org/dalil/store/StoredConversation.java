package org.dalil.store;

import org.dalil.flow.ConversationState;

/** A contact's current conversation and the row it is stored in. */
public record StoredConversation(long id, long contactId, ConversationState state) {}
