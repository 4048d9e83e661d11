package org.dalil.flow;

/**
 * Sends the organisations of the directory that work on a topic in a city.
 *
 * <pre>
 * - id: find
 *   lookup: {topic: "{topic}", city: "{city}"}
 *   found: after
 *   none: nothing_found
 * </pre>
 *
 * Topic and city are literals or {@code {variable}} references.
 */
public record LookupNode(String id, SourceLine line, String topic, String city, Target found, Target none)
    implements Node {}
