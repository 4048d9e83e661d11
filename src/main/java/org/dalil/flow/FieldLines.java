package org.dalil.flow;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The line of each field of the nodes read from a file, so that a problem found later by the
 * validator (a dangling {@code goto}) points at the field rather than at the start of its node.
 * Keyed by identity: two nodes can be equal values.
 */
public final class FieldLines {
  private final Map<Object, Map<String, SourceLine>> lines = new IdentityHashMap<>();

  void put(Object owner, String field, SourceLine line) {
    lines.computeIfAbsent(owner, o -> new HashMap<>()).put(field, line);
  }

  /** The line of {@code field} of {@code owner}, else {@code fallback}. */
  public SourceLine of(Object owner, String field, SourceLine fallback) {
    Map<String, SourceLine> fields = lines.get(owner);
    SourceLine line = fields == null ? null : fields.get(field);
    return line != null ? line : fallback;
  }

  public SourceLine of(Node node, String field) {
    return of(node, field, node.line());
  }
}
