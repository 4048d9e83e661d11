package org.dalil.handoff;

import java.util.List;

/**
 * Everything the conversation page shows: the handoff, the whole history (contact, bot,
 * volunteers, held replies) oldest first, internal notes and the WhatsApp window.
 */
public record ConversationView(
    HandoffSummary handoff, List<HistoryItem> history, List<Note> notes, WhatsAppWindow window) {
  public ConversationView {
    history = List.copyOf(history);
    notes = List.copyOf(notes);
  }
}
