package org.dalil.handoff;

/** What an inbox action gave: done, or refused with the reason the volunteer is shown. */
public sealed interface Outcome {

  record Done(long contactId) implements Outcome {}

  /** A reply kept until the contact writes again (WhatsApp window closed). */
  record Held(long contactId) implements Outcome {}

  /** @param other the other volunteer's name, for {@link Reason#ALREADY_CLAIMED} */
  record Refused(Reason reason, String other) implements Outcome {
    public Refused(Reason reason) {
      this(reason, null);
    }
  }

  enum Reason {
    /** Another volunteer claimed it first. */
    ALREADY_CLAIMED,
    /** The conversation is no longer waiting for a volunteer (resolved, or the contact left). */
    CLOSED,
    /** The volunteer (or the transfer's target) holds as many conversations as the cap allows. */
    CASELOAD_FULL,
    /** Only the volunteer who has the conversation may do this. */
    NOT_OWNER,
    /** The transfer's target is unknown or inactive. */
    UNKNOWN_VOLUNTEER,
    /** An empty reply or note, an unknown outcome or organisation. */
    INVALID
  }

  default boolean ok() {
    return !(this instanceof Refused);
  }
}
