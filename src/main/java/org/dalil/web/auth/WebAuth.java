package org.dalil.web.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dalil.web.inbox.Templates;
import org.dalil.web.inbox.UiTexts;

/**
 * The inbox's door: the login and logout pages, and the check in front of every inbox route
 * (signed in, form token on every POST, admin for {@code /inbox/admin}).
 *
 * <p>The session cookie is HttpOnly, SameSite=Lax, and Secure when Dalil's public URL is https.
 * The login form, which has no session yet, carries a token that must equal a cookie set with the
 * form (double submit), so another site cannot post it.
 */
public final class WebAuth {
  public static final String SESSION_COOKIE = "dalil_session";
  static final String LOGIN_COOKIE = "dalil_login";
  public static final String CSRF_FIELD = "_csrf";
  private static final String SESSION_ATTRIBUTE = "dalil.session";

  private final AuthService auth;
  private final Templates templates;
  private final Function<Context, UiTexts> texts;
  private final boolean secureCookies;

  /** @param texts the inbox's words for a request's language (no one is signed in yet) */
  public WebAuth(AuthService auth, Templates templates, Function<Context, UiTexts> texts, boolean secureCookies) {
    this.auth = auth;
    this.templates = templates;
    this.texts = texts;
    this.secureCookies = secureCookies;
  }

  /** The signed-in session of a request that passed {@link #guard}. */
  public static AuthService.Session session(Context ctx) {
    AuthService.Session s = ctx.attribute(SESSION_ATTRIBUTE);
    if (s == null) {
      throw new IllegalStateException("no session: the route is not behind the guard");
    }
    return s;
  }

  /**
   * In front of every inbox route: an anonymous GET goes to the login page, any other anonymous
   * request gets 401; a POST without the session's form token gets 403; a volunteer gets 403 on
   * {@code /inbox/admin}.
   */
  public void guard(Context ctx) {
    Optional<AuthService.Session> session = auth.session(ctx.cookie(SESSION_COOKIE));
    if (session.isEmpty()) {
      if (ctx.method() == HandlerType.GET) {
        ctx.redirect("/login?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.FOUND);
      } else {
        refuse(ctx, HttpStatus.UNAUTHORIZED, "auth.sign_in_first");
      }
      ctx.skipRemainingHandlers();
      return;
    }
    AuthService.Session s = session.get();
    if (ctx.method() == HandlerType.POST && !Tokens.same(ctx.formParam(CSRF_FIELD), s.csrfToken())) {
      refuse(ctx, HttpStatus.FORBIDDEN, "auth.invalid_form");
      ctx.skipRemainingHandlers();
      return;
    }
    if (ctx.path().startsWith("/inbox/admin") && !s.volunteer().isAdmin()) {
      refuse(ctx, HttpStatus.FORBIDDEN, "auth.admins_only");
      ctx.skipRemainingHandlers();
      return;
    }
    // Pages with contacts' messages must not be kept by the browser or a proxy.
    ctx.header("Cache-Control", "no-store");
    ctx.attribute(SESSION_ATTRIBUTE, s);
  }

  /** A refusal in the request's language (the volunteer is not known, or not trusted, yet). */
  private void refuse(Context ctx, HttpStatus status, String key) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(texts.apply(ctx).t(key));
  }

  public void loginPage(Context ctx) {
    if (auth.session(ctx.cookie(SESSION_COOKIE)).isPresent()) {
      ctx.redirect(next(ctx.queryParam("next")), HttpStatus.FOUND);
      return;
    }
    renderLogin(ctx, null, HttpStatus.OK);
  }

  private void renderLogin(Context ctx, String error, HttpStatus status) {
    String token = Tokens.random();
    ctx.cookie(cookie(LOGIN_COOKIE, token, (int) Duration.ofHours(1).toSeconds(), SameSite.STRICT, "/login"));
    String nextPath = next(ctx.formParam("next") != null ? ctx.formParam("next") : ctx.queryParam("next"));
    ctx.status(status).header("Cache-Control", "no-store").contentType("text/html; charset=utf-8")
        .result(templates.render("login", Map.of("t", texts.apply(ctx), "csrf", token, "next", nextPath,
            "error", error == null ? "" : error)));
  }

  public void login(Context ctx) {
    if (!Tokens.same(ctx.formParam(CSRF_FIELD), ctx.cookie(LOGIN_COOKIE))) {
      refuse(ctx, HttpStatus.FORBIDDEN, "auth.invalid_form");
      return;
    }
    UiTexts t = texts.apply(ctx);
    LoginResult result = auth.login(ctx.formParam("email"), ctx.formParam("password"), ctx.ip());
    switch (result) {
      case LoginResult.SignedIn s -> {
        ctx.cookie(cookie(SESSION_COOKIE, s.token(), -1, SameSite.LAX, "/"));
        ctx.removeCookie(LOGIN_COOKIE, "/login");
        ctx.redirect(next(ctx.formParam("next")), HttpStatus.SEE_OTHER);
      }
      case LoginResult.Refused r -> renderLogin(ctx, t.t("login.refused"), HttpStatus.UNAUTHORIZED);
      case LoginResult.Locked l -> renderLogin(ctx,
          t.t("login.locked", "minutes", Math.max(1, Duration.between(Instant.now(), l.until()).toMinutes() + 1)),
          HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  public void logout(Context ctx) {
    auth.logout(session(ctx));
    ctx.removeCookie(SESSION_COOKIE, "/");
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private Cookie cookie(String name, String value, int maxAge, SameSite sameSite, String path) {
    return new Cookie(name, value, path, maxAge, secureCookies, true, null, sameSite);
  }

  /** Where to go after signing in: an inbox path only (never another site). */
  static String next(String requested) {
    if (requested != null && requested.startsWith("/inbox") && !requested.startsWith("//")
        && !requested.contains("\\") && !requested.contains("://")) {
      return requested;
    }
    return "/inbox";
  }

  /** The routes the guard protects besides {@code /inbox/*}. */
  public static List<String> guardedExtraPaths() {
    return List.of("/logout");
  }
}
