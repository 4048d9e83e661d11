package org.dalil.web.admin;

/**
 * The line an admin page shows after an action, and whether it reports a failure (styled as an
 * error) rather than a success.
 */
public record AdminNotice(String text, boolean error) {
  public static final AdminNotice NONE = new AdminNotice("", false);

  public boolean isEmpty() {
    return text.isEmpty();
  }
}
