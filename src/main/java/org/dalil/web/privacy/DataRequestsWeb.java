package org.dalil.web.privacy;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dalil.conversation.FlowVersions;
import org.dalil.privacy.DataRequests;
import org.dalil.web.auth.Volunteer;
import org.dalil.web.auth.WebAuth;
import org.dalil.web.inbox.Chrome;
import org.dalil.web.inbox.GuardedRoutes;
import org.dalil.web.inbox.InboxWeb;
import org.dalil.web.inbox.Templates;

/**
 * The admins' page for a person's requests about their data ({@code /inbox/admin/privacy}): find
 * them by the number they write from, export their data as a JSON file, erase it; and the same two
 * actions on a conversation's page. Behind the inbox's guard ({@link WebAuth#guard}: signed in,
 * form token on every POST, admins only under {@code /inbox/admin}).
 */
public final class DataRequestsWeb {
  public static final String BASE = "/inbox/admin/privacy";
  public static final List<String> CHANNELS = List.of("whatsapp", "sms", "telegram", "simulator");
  private static final Set<String> NOTICES = Set.of("ok_erased", "contact_not_found", "confirm_needed");

  private final DataRequests requests;
  private final FlowVersions versions;
  private final Templates templates;
  private final ZoneId zone;
  private final GuardedRoutes routes = new GuardedRoutes();

  public DataRequestsWeb(DataRequests requests, FlowVersions versions, Templates templates, ZoneId zone) {
    this.requests = requests;
    this.versions = versions;
    this.templates = templates;
    this.zone = zone;
  }

  /** Every route, for tests that check each one refuses anonymous users and volunteers. */
  public List<InboxWeb.Route> routes() {
    return routes.all();
  }

  public void register(RoutesConfig r) {
    routes.get(r, BASE, this::page);
    routes.post(r, BASE + "/export", ctx -> export(ctx, requests.findContact(ctx.formParam("channel"), ctx.formParam("address"))));
    routes.post(r, BASE + "/erase", ctx -> erase(ctx, requests.findContact(ctx.formParam("channel"), ctx.formParam("address"))));
    routes.post(r, BASE + "/handoff/{id}/export", ctx -> export(ctx, handoffId(ctx).flatMap(requests::contactOfHandoff)));
    routes.post(r, BASE + "/handoff/{id}/erase", ctx -> erase(ctx, handoffId(ctx).flatMap(requests::contactOfHandoff)));
  }

  private static Optional<Long> handoffId(Context ctx) {
    try {
      return Optional.of(Long.parseLong(ctx.pathParam("id")));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Volunteer me(Context ctx) {
    return WebAuth.session(ctx).volunteer();
  }

  private Chrome chrome(Context ctx) {
    return Chrome.of(ctx, versions.current().catalog(), zone, NOTICES);
  }

  private void page(Context ctx) {
    ctx.contentType("text/html; charset=utf-8")
        .result(templates.render("admin_privacy", Map.of("c", chrome(ctx), "channels", CHANNELS)));
  }

  private void redirect(Context ctx, String notice) {
    ctx.redirect(BASE + "?notice=" + notice, HttpStatus.SEE_OTHER);
  }

  /** The JSON file, to save and give to the person. */
  private void export(Context ctx, Optional<Long> contact) {
    Optional<String> json = contact.flatMap(id -> requests.export(me(ctx).id(), id));
    if (json.isEmpty()) {
      redirect(ctx, "contact_not_found");
      return;
    }
    ctx.header("Content-Disposition", "attachment; filename=\"dalil-data-" + contact.get() + ".json\"")
        .contentType("application/json; charset=utf-8").result(json.get());
  }

  private void erase(Context ctx, Optional<Long> contact) {
    if (!"yes".equals(ctx.formParam("confirm"))) {
      redirect(ctx, "confirm_needed");
      return;
    }
    boolean erased = contact.flatMap(id -> requests.erase(me(ctx).id(), id)).isPresent();
    redirect(ctx, erased ? "ok_erased" : "contact_not_found");
  }
}
