package org.dalil.flow;

/**
 * Ends the conversation, with an optional last text ({@code end: goodbye} or {@code end: ~}).
 */
public record EndNode(String id, SourceLine line, String text) implements Node {}
