package org.dalil.handoff;

/**
 * Asks a WhatsApp contact, outside the 24-hour window, to write back (an approved template in
 * their language); when they do, the held replies go out.
 *
 * <p>TODO(issue 5): the Twilio sender has no template send yet (Content SID per language). Until
 * it has, {@link #NOT_CONFIGURED} only logs, and the held reply waits for the contact's next
 * message.
 */
public interface ReengageTemplate {

  /** Sends the template; false when it could not be sent (not configured). */
  boolean request(long contactId, String language);

  ReengageTemplate NOT_CONFIGURED = (contactId, language) -> {
    org.slf4j.LoggerFactory.getLogger(ReengageTemplate.class)
        .warn("contact={}: a reply is held outside the WhatsApp window, and no template is configured to ask"
            + " the contact to write back", contactId);
    return false;
  };
}
