package org.dalil.flow;

import java.util.regex.Pattern;

/**
 * Where a conversation goes next: a node of a flow. Written {@code node} (same flow) or
 * {@code flow.node}; a jump may name a bare {@code flow}, meaning its first node.
 */
public record Target(String flow, String node) {
  private static final Pattern ID = Pattern.compile("[a-z0-9_-]+");

  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Resolves {@code text} written in flow {@code currentFlow}; node is null for a bare flow. */
  public static Target parse(String text, String currentFlow) {
    int dot = text.indexOf('.');
    if (dot < 0) {
      return new Target(currentFlow, text);
    }
    return new Target(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public String toString() {
    return flow + "." + node;
  }
}
