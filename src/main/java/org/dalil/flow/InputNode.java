package org.dalil.flow;

/**
 * Asks a question, waits, validates the answer and stores it into a variable.
 *
 * <pre>
 * - id: ask_city
 *   input: services.ask_city
 *   into: city
 *   accept: {one_of: city}
 *   invalid: services.unknown_city   # optional
 *   goto: find
 * </pre>
 */
public record InputNode(
    String id, SourceLine line, String prompt, String variable, Accept accept, String invalid, Target next)
    implements Node {}
