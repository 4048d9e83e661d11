package org.dalil.flow;

/**
 * Queues the conversation for a volunteer. Afterwards the bot stays silent except for the
 * global keywords.
 *
 * <pre>
 * - id: volunteer
 *   handoff: protection
 *   urgent: true
 *   text: handoff.opened
 * </pre>
 */
public record HandoffNode(String id, SourceLine line, String topic, boolean urgent, String text)
    implements Node {}
