package org.dalil.web.inbox;

import org.dalil.web.auth.Volunteer;

/**
 * What every inbox page shows around its content: who is signed in, the form token, a notice.
 *
 * @param notice a {@code web.inbox.notice.*} key after an action (or null), with {@code noticeName}
 *     for the other volunteer it names
 */
public record Chrome(UiTexts t, Volunteer me, String csrf, String notice, String noticeName) {

  public boolean hasNotice() {
    return notice != null;
  }

  public String noticeText() {
    return t.t("notice." + notice, "name", noticeName == null ? "" : noticeName);
  }

  /** Whether the notice says something went wrong. */
  public boolean noticeIsError() {
    return notice != null && !notice.startsWith("ok_");
  }
}
