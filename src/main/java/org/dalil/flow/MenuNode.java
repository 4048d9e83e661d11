package org.dalil.flow;

import java.util.List;
import java.util.Map;

/**
 * Sends a prompt with numbered options and waits for the reply.
 *
 * <pre>
 * - id: menu
 *   menu: main.menu
 *   options:
 *     - {label: main.menu.health, goto: health.start, set: {topic: health}}
 * </pre>
 */
public record MenuNode(String id, SourceLine line, String prompt, boolean allLanguages, List<Option> options)
    implements Node {

  public MenuNode {
    options = List.copyOf(options);
  }

  /** An option; its number is its position, from 1. {@code set} assigns variables when chosen. */
  public record Option(String label, Target next, Map<String, String> set, SourceLine line) {
    public Option {
      set = Map.copyOf(set);
    }
  }
}
