package org.dalil.web.inbox;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.dalil.audit.AuditLog;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.handoff.Actor;
import org.dalil.handoff.CannedAnswer;
import org.dalil.handoff.ConversationView;
import org.dalil.handoff.HandoffSummary;
import org.dalil.handoff.InboxService;
import org.dalil.handoff.InboxSettings;
import org.dalil.handoff.Outcome;
import org.dalil.web.SimulatorPage;
import org.dalil.web.auth.AuthService;
import org.dalil.web.auth.PasswordHasher;
import org.dalil.web.auth.Role;
import org.dalil.web.auth.Volunteer;
import org.dalil.web.auth.VolunteerDao;
import org.dalil.web.auth.WebAuth;
import org.jdbi.v3.core.Jdbi;

/**
 * The inbox's pages and routes: server-rendered, one short handler per action, each parsing the
 * request, calling {@link InboxService}, and redirecting with a notice (post, redirect, get).
 * Every route registered here is behind {@link WebAuth#guard}.
 */
public final class InboxWeb {
  public static final List<String> LANGUAGES = List.of("fr", "ar", "en");
  private static final Set<String> NOTICES = Set.of(
      "ok_claimed", "ok_released", "ok_transferred", "ok_asked", "ok_resolved", "ok_sent", "ok_held", "ok_noted",
      "ok_handover", "ok_saved", "ok_user", "already_claimed", "closed", "caseload_full", "not_owner",
      "unknown_volunteer", "invalid");

  /** A route of the inbox: method and path, as registered. */
  public record Route(String method, String path) {}

  private final Jdbi jdbi;
  private final InboxService inbox;
  private final AuthService auth;
  private final WebAuth webAuth;
  private final FlowVersions versions;
  private final Supplier<InboxSettings> settings;
  private final Templates templates;
  private final InboxStream stream;
  private final GuardedRoutes routes = new GuardedRoutes();

  public InboxWeb(Jdbi jdbi, InboxService inbox, AuthService auth, FlowVersions versions,
      Supplier<InboxSettings> settings, Templates templates, InboxStream stream, boolean secureCookies) {
    this.jdbi = jdbi;
    this.inbox = inbox;
    this.auth = auth;
    this.versions = versions;
    this.settings = settings;
    this.templates = templates;
    this.stream = stream;
    this.webAuth = new WebAuth(auth, templates, this::anonymousTexts, secureCookies);
  }

  /** Every guarded route, for tests that check each one refuses an anonymous user. */
  public List<Route> routes() {
    return routes.all();
  }

  public void register(RoutesConfig r) {
    r.get("/login", webAuth::loginPage);
    r.post("/login", webAuth::login);
    r.before("/inbox", webAuth::guard);
    r.before("/inbox/*", webAuth::guard);
    r.before("/logout", webAuth::guard);
    routes.post(r, "/logout", webAuth::logout);

    routes.get(r, "/inbox", this::home);
    routes.get(r, "/inbox/fragments/lists", this::listsFragment);
    routes.add("GET", "/inbox/events");
    r.sse("/inbox/events", stream::connect);
    routes.post(r, "/inbox/me", this::saveMe);
    routes.get(r, "/inbox/c/{id}", this::conversation);
    routes.get(r, "/inbox/c/{id}/fragment", this::conversationFragment);
    routes.post(r, "/inbox/c/{id}/claim", ctx -> act(ctx, inbox.claim(actor(ctx), id(ctx)), "ok_claimed", true));
    routes.post(r, "/inbox/c/{id}/release", ctx -> act(ctx, inbox.release(actor(ctx), id(ctx)), "ok_released", false));
    routes.post(r, "/inbox/c/{id}/transfer", this::transfer);
    routes.post(r, "/inbox/c/{id}/ask-transfer",
        ctx -> act(ctx, inbox.askTransfer(actor(ctx), id(ctx), ctx.formParam("text")), "ok_asked", true));
    routes.post(r, "/inbox/c/{id}/resolve",
        ctx -> act(ctx, inbox.resolve(actor(ctx), id(ctx), ctx.formParam("outcome")), "ok_resolved", false));
    routes.post(r, "/inbox/c/{id}/reply", this::reply);
    routes.post(r, "/inbox/c/{id}/note",
        ctx -> act(ctx, inbox.note(actor(ctx), id(ctx), ctx.formParam("text")), "ok_noted", true));
    routes.post(r, "/inbox/c/{id}/share",
        ctx -> act(ctx, inbox.shareReferral(actor(ctx), id(ctx), ctx.formParam("organisation")), "ok_sent", true));
    routes.get(r, "/inbox/handover", this::handoverPage);
    routes.post(r, "/inbox/handover", this::handover);
    routes.post(r, "/inbox/admin/c/{id}/address", this::revealAddress);
    routes.get(r, "/inbox/admin/users", this::users);
    routes.post(r, "/inbox/admin/users", this::createUser);
    routes.post(r, "/inbox/admin/users/{id}/active", this::setActive);
    routes.get(r, "/inbox/admin/audit", this::audit);
  }

  // ---- helpers ----

  private static Volunteer me(Context ctx) {
    return WebAuth.session(ctx).volunteer();
  }

  private static Actor actor(Context ctx) {
    Volunteer v = me(ctx);
    return new Actor(v.id(), v.isAdmin(), v.languages());
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new io.javalin.http.NotFoundResponse("no such conversation");
    }
  }

  /** The volunteer's chosen interface language, else the request's ({@code ?lang=}, then the browser's). */
  public static String uiLanguage(Context ctx, Volunteer v) {
    return v.uiLanguage() != null && LANGUAGES.contains(v.uiLanguage()) ? v.uiLanguage()
        : SimulatorPage.language(ctx.queryParam("lang"), ctx.header("Accept-Language"), LANGUAGES);
  }

  private UiTexts texts(Context ctx, Volunteer v) {
    return new UiTexts(versions.current().catalog(), uiLanguage(ctx, v), settings.get().hours().zone());
  }

  private UiTexts anonymousTexts(Context ctx) {
    String language = SimulatorPage.language(ctx.queryParam("lang"), ctx.header("Accept-Language"), LANGUAGES);
    return new UiTexts(versions.current().catalog(), language, settings.get().hours().zone());
  }

  private Chrome chrome(Context ctx) {
    return Chrome.of(ctx, versions.current().catalog(), settings.get().hours().zone(), NOTICES);
  }

  private void html(Context ctx, String template, Map<String, Object> params) {
    ctx.contentType("text/html; charset=utf-8").result(templates.render(template, params));
  }

  /** Redirects after an action, with its notice; a refusal says why. */
  private void act(Context ctx, Outcome outcome, String okNotice, boolean toConversation) {
    long id = id(ctx);
    String notice = switch (outcome) {
      case Outcome.Done d -> okNotice;
      case Outcome.Held h -> "ok_held";
      case Outcome.Refused r -> r.reason().name().toLowerCase(Locale.ROOT);
    };
    boolean conversationPage = toConversation || !outcome.ok();
    String target = conversationPage ? "/inbox/c/" + id : "/inbox";
    ctx.redirect(target + "?notice=" + notice, HttpStatus.SEE_OTHER);
  }

  // ---- pages ----

  private ListsModel lists(Context ctx) {
    Actor a = actor(ctx);
    return new ListsModel(inbox.mine(a), inbox.queue(a), inbox.heldByOthers(a), inbox.caseload(a),
        settings.get().caseloadCap());
  }

  private void home(Context ctx) {
    html(ctx, "home", Map.of("c", chrome(ctx), "m", lists(ctx)));
  }

  private void listsFragment(Context ctx) {
    Chrome c = chrome(ctx);
    html(ctx, "lists", Map.of("t", c.t(), "m", lists(ctx), "csrf", c.csrf()));
  }

  private ConversationModel model(Context ctx, ConversationView view, String address) {
    Volunteer v = me(ctx);
    HandoffSummary h = view.handoff();
    FlowSet set = versions.current();
    String contactLanguage = h.language() != null ? h.language() : set.settings().defaultLanguage();
    UiTexts t = texts(ctx, v);
    List<Volunteer> colleagues = jdbi.withExtension(VolunteerDao.class, VolunteerDao::active).stream()
        .filter(x -> x.id() != v.id()).toList();
    boolean mine = h.ownedBy(v.id());
    return new ConversationModel(view, mine, CannedAnswer.of(set, t.lang(), contactLanguage),
        mine ? inbox.directory(h) : List.of(), colleagues, InboxService.OUTCOMES, address);
  }

  private void conversation(Context ctx) {
    Optional<ConversationView> view = inbox.open(actor(ctx), id(ctx));
    if (view.isEmpty()) {
      notFound(ctx);
      return;
    }
    renderConversation(ctx, view.get(), null);
  }

  private void renderConversation(Context ctx, ConversationView view, String address) {
    Chrome c = chrome(ctx);
    if ("already_claimed".equals(c.notice()) || "not_owner".equals(c.notice())) {
      String owner = view.handoff().claimedByName();
      c = new Chrome(c.t(), c.me(), c.csrf(), c.notice(), owner == null ? "" : owner);
    }
    html(ctx, "conversation", Map.of("c", c, "m", model(ctx, view, address)));
  }

  private void conversationFragment(Context ctx) {
    Optional<ConversationView> view = inbox.refresh(id(ctx));
    if (view.isEmpty()) {
      notFound(ctx);
      return;
    }
    Chrome c = chrome(ctx);
    html(ctx, "conversation_live", Map.of("t", c.t(), "m", model(ctx, view.get(), null), "csrf", c.csrf(),
        "admin", c.me().isAdmin()));
  }

  private void notFound(Context ctx) {
    ctx.status(HttpStatus.NOT_FOUND);
    html(ctx, "error", Map.of("t", texts(ctx, me(ctx)), "message", texts(ctx, me(ctx)).t("not_found")));
  }

  // ---- actions ----

  private void transfer(Context ctx) {
    long to;
    try {
      to = Long.parseLong(ctx.formParam("to"));
    } catch (NumberFormatException | NullPointerException e) {
      act(ctx, new Outcome.Refused(Outcome.Reason.UNKNOWN_VOLUNTEER), "ok_transferred", true);
      return;
    }
    act(ctx, inbox.transfer(actor(ctx), id(ctx), to), "ok_transferred", false);
  }

  private void reply(Context ctx) {
    act(ctx, inbox.reply(actor(ctx), id(ctx), ctx.formParam("text")), "ok_sent", true);
  }

  private void saveMe(Context ctx) {
    Volunteer v = me(ctx);
    List<String> languages = ctx.formParams("languages").stream().filter(LANGUAGES::contains).distinct().toList();
    String ui = ctx.formParam("ui_language");
    jdbi.useExtension(VolunteerDao.class, dao -> {
      dao.setLanguages(v.id(), languages.toArray(String[]::new));
      if (ui != null && LANGUAGES.contains(ui)) {
        dao.setUiLanguage(v.id(), ui);
      }
    });
    ctx.redirect("/inbox?notice=ok_saved", HttpStatus.SEE_OTHER);
  }

  private void handoverPage(Context ctx) {
    html(ctx, "handover", Map.of("c", chrome(ctx), "m", new HandoverModel(inbox.mine(actor(ctx)))));
  }

  private void handover(Context ctx) {
    Map<Long, String> notes = new HashMap<>();
    ctx.formParamMap().forEach((name, values) -> {
      if (name.startsWith("note_") && !values.isEmpty()) {
        try {
          notes.put(Long.parseLong(name.substring("note_".length())), values.getFirst());
        } catch (NumberFormatException ignored) {
          // not one of ours
        }
      }
    });
    inbox.handOver(actor(ctx), notes);
    ctx.redirect("/inbox?notice=ok_handover", HttpStatus.SEE_OTHER);
  }

  private void revealAddress(Context ctx) {
    Optional<String> address = inbox.revealAddress(actor(ctx), id(ctx));
    Optional<ConversationView> view = inbox.refresh(id(ctx));
    if (view.isEmpty() || address.isEmpty()) {
      notFound(ctx);
      return;
    }
    renderConversation(ctx, view.get(), address.get());
  }

  private void users(Context ctx) {
    html(ctx, "admin_users", Map.of("c", chrome(ctx), "users", jdbi.withExtension(VolunteerDao.class, VolunteerDao::all)));
  }

  private void createUser(Context ctx) {
    String email = ctx.formParam("email");
    String name = ctx.formParam("name");
    String password = ctx.formParam("password");
    Role role = "admin".equals(ctx.formParam("role")) ? Role.ADMIN : Role.VOLUNTEER;
    List<String> languages = ctx.formParams("languages").stream().filter(LANGUAGES::contains).distinct().toList();
    if (email == null || !email.contains("@") || name == null || name.isBlank()
        || password == null || password.length() < PasswordHasher.MIN_LENGTH) {
      ctx.redirect("/inbox/admin/users?notice=invalid", HttpStatus.SEE_OTHER);
      return;
    }
    try {
      auth.createAccount(me(ctx).id(), email, name, password, role, languages);
      ctx.redirect("/inbox/admin/users?notice=ok_user", HttpStatus.SEE_OTHER);
    } catch (IllegalArgumentException e) {
      ctx.redirect("/inbox/admin/users?notice=invalid", HttpStatus.SEE_OTHER);
    }
  }

  private void setActive(Context ctx) {
    long id = id(ctx);
    boolean active = "true".equals(ctx.formParam("active"));
    if (id != me(ctx).id()) {
      jdbi.useTransaction(h -> {
        h.attach(VolunteerDao.class).setActive(id, active);
        if (!active) {
          h.attach(org.dalil.web.auth.SessionDao.class).deleteAllOf(id);
        }
        h.attach(AuditLog.class).record(me(ctx).id(), org.dalil.audit.AuditAction.MANAGE_USER, null, null,
            (active ? "activated" : "deactivated") + " account " + id);
      });
    }
    ctx.redirect("/inbox/admin/users?notice=ok_user", HttpStatus.SEE_OTHER);
  }

  private void audit(Context ctx) {
    html(ctx, "admin_audit", Map.of("c", chrome(ctx), "entries",
        jdbi.withExtension(AuditLog.class, a -> a.latest(500))));
  }
}
