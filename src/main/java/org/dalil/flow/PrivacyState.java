package org.dalil.flow;

/**
 * What the contact was told and agreed to, and whether they asked for their data to be erased:
 * kept per contact outside the conversation (an erasure or a restart does not reset it), and given
 * to the engine with each message.
 *
 * @param noticeShown the short privacy notice was shown (once, at first contact)
 * @param agreed the contact agreed, by writing again after the notice; until then nothing optional
 *     (answers saved into variables) is kept
 * @param erasureAsked the contact wrote the erasure keyword: this message confirms or cancels
 */
public record PrivacyState(boolean noticeShown, boolean agreed, boolean erasureAsked) {

  /** A contact never seen before (or erased). */
  public static final PrivacyState NEW_CONTACT = new PrivacyState(false, false, false);

  /** A contact who read the notice and agreed: what callers without consent records (the chat CLI) pass. */
  public static final PrivacyState AGREED = new PrivacyState(true, true, false);
}
