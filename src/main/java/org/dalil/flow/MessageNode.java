package org.dalil.flow;

/**
 * Sends a text and goes on without waiting.
 *
 * <pre>
 * - id: intro
 *   message: papers.intro
 *   goto: menu        # absent: the flow ends here
 * </pre>
 */
public record MessageNode(String id, SourceLine line, String text, boolean allLanguages, Target next)
    implements Node {}
