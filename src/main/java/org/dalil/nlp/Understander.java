package org.dalil.nlp;

import org.dalil.flow.FlowSet;
import org.dalil.flow.UserInput;

/**
 * Adds what was understood of a message to it before the engine runs (the engine stays pure:
 * it receives the understanding as a value).
 */
@FunctionalInterface
public interface Understander {

  /** Understands nothing: the engine behaves as with menus alone. */
  Understander NONE = (set, input) -> input;

  /**
   * The input with {@link UserInput#understanding()} set for a text; other kinds unchanged.
   *
   * @param set the content version whose training phrases and texts to use
   */
  UserInput understand(FlowSet set, UserInput input);
}
