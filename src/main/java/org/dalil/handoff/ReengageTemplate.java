package org.dalil.handoff;

/**
 * Whether a contact can be asked to write back when a volunteer's reply is held outside the
 * WhatsApp 24-hour window: WhatsApp lets a business start a conversation only with an approved
 * template, configured per language on the channel ({@code TWILIO_REENGAGE_CONTENT_SID_<LANG>}).
 * When one can, the request goes through the outbox like any message, and the held reply goes out
 * when the contact writes again.
 */
@FunctionalInterface
public interface ReengageTemplate {

  boolean available(String channel, String language);

  /** No template configured: the held reply waits for the contact's next message. */
  ReengageTemplate NONE = (channel, language) -> false;
}
