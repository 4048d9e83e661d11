package org.dalil.flow;

import org.dalil.i18n.SystemKeys;

/** The words understood at any point of a conversation, in every language. */
public enum GlobalKeyword {
  /** Back to the main menu; closes a handoff. */
  MENU(SystemKeys.KEYWORDS_MENU),
  /** Choose the language again. */
  LANGUAGE(SystemKeys.KEYWORDS_LANGUAGE),
  /** Talk to a volunteer. */
  HUMAN(SystemKeys.KEYWORDS_HUMAN),
  /** Opt out: nothing more is sent until the contact writes again. */
  STOP(SystemKeys.KEYWORDS_STOP),
  /** Erase everything about the contact, after a confirmation. */
  DELETE(SystemKeys.KEYWORDS_DELETE),
  /** Read the full privacy notice. */
  PRIVACY(SystemKeys.KEYWORDS_PRIVACY);

  private final String key;

  GlobalKeyword(String key) {
    this.key = key;
  }

  /** The i18n key listing the words, separated by {@code |}. */
  public String key() {
    return key;
  }
}
