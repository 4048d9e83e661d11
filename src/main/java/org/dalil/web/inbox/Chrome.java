package org.dalil.web.inbox;

import io.javalin.http.Context;
import java.time.ZoneId;
import java.util.Set;
import org.dalil.i18n.Catalog;
import org.dalil.web.auth.AuthService;
import org.dalil.web.auth.Volunteer;
import org.dalil.web.auth.WebAuth;

/**
 * What every inbox page shows around its content: who is signed in, the form token, a notice.
 *
 * @param notice a {@code web.inbox.notice.*} key after an action (or null), with {@code noticeName}
 *     for the other volunteer it names
 */
public record Chrome(UiTexts t, Volunteer me, String csrf, String notice, String noticeName) {

  /**
   * The chrome of a page behind the guard: texts in the volunteer's language, their form token, and
   * the query's {@code notice} if it is one of {@code notices} (a link cannot make the page say
   * anything else).
   */
  public static Chrome of(Context ctx, Catalog catalog, ZoneId zone, Set<String> notices) {
    AuthService.Session s = WebAuth.session(ctx);
    String notice = ctx.queryParam("notice");
    return new Chrome(new UiTexts(catalog, InboxWeb.uiLanguage(ctx, s.volunteer()), zone), s.volunteer(),
        s.csrfToken(), notice != null && notices.contains(notice) ? notice : null, null);
  }

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
