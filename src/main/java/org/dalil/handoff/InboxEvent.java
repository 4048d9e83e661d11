package org.dalil.handoff;

/**
 * Something changed in the inbox: a browser showing that handoff or the queue reloads its part of
 * the page. Ids only: the event crosses PostgreSQL's NOTIFY and reaches every signed-in browser.
 */
public record InboxEvent(Kind kind, long handoffId, long contactId) {

  public enum Kind {
    OPENED,
    /** The contact wrote. */
    MESSAGE,
    /** A volunteer replied, or a reply's delivery changed. */
    REPLY,
    CLAIMED,
    RELEASED,
    TRANSFERRED,
    RESOLVED,
    /** The contact left the volunteer (menu, stop). */
    CLOSED,
    NOTE,
    URGENT
  }

  /** {@code kind:handoff:contact}, the NOTIFY payload. */
  public String payload() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + handoffId + ":" + contactId;
  }

  /** The event of a payload, or null for one this version does not know. */
  public static InboxEvent parse(String payload) {
    String[] parts = payload == null ? new String[0] : payload.split(":");
    if (parts.length != 3) {
      return null;
    }
    try {
      return new InboxEvent(Kind.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)),
          Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** JSON for a server-sent event. */
  public String json() {
    return "{\"kind\":\"" + kind.name().toLowerCase(java.util.Locale.ROOT) + "\",\"handoff\":" + handoffId
        + ",\"contact\":" + contactId + "}";
  }
}
