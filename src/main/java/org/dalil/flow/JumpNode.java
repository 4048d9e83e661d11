package org.dalil.flow;

/**
 * Continues in another flow: {@code jump: papers} (its first node) or {@code jump: papers.renew}.
 */
public record JumpNode(String id, SourceLine line, Target target) implements Node {}
