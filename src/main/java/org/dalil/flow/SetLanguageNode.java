package org.dalil.flow;

/**
 * Changes the conversation's language and goes on.
 *
 * <pre>
 * - id: set_ar
 *   set_language: ar
 *   goto: main.menu
 * </pre>
 */
public record SetLanguageNode(String id, SourceLine line, String language, Target next) implements Node {}
