package org.dalil.web.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dalil.admin.Draft;
import org.dalil.admin.FlowAdmin;
import org.dalil.admin.FlowFiles;
import org.dalil.admin.LineDiff;
import org.dalil.admin.Publication;
import org.dalil.admin.PublishResult;
import org.dalil.admin.SaveResult;
import org.dalil.admin.TranslationTable;
import org.dalil.cli.ChatSession;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.flow.FlowSetLoader;
import org.dalil.flow.Problem;
import org.dalil.web.auth.Volunteer;
import org.dalil.web.auth.WebAuth;
import org.dalil.web.inbox.Chrome;
import org.dalil.web.inbox.GuardedRoutes;
import org.dalil.web.inbox.InboxWeb;
import org.dalil.web.inbox.Templates;

/**
 * The admins' content pages under {@code /inbox/admin/}: draft, versions, translations, files,
 * preview. They sit behind the inbox's guard ({@link WebAuth#guard}: signed in, form token on
 * every POST, admins only under {@code /inbox/admin}).
 */
public final class AdminWeb {
  public static final String BASE = "/inbox/admin/flows";
  private static final Set<String> NOTICES = Set.of("ok_saved", "ok_published", "ok_rolled_back", "ok_imported",
      "conflict", "invalid_import", "unknown_version", "invalid_organisation");

  private final FlowAdmin admin;
  private final FlowVersions versions;
  private final Templates templates;
  private final ZoneId zone;
  private final GuardedRoutes routes = new GuardedRoutes();
  // One preview conversation per admin, on the draft version it was started on.
  private final Cache<Long, Preview> previews =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(30)).maximumSize(200).build();

  private record Preview(String version, ChatSession session) {}

  public AdminWeb(FlowAdmin admin, FlowVersions versions, Templates templates, ZoneId zone) {
    this.admin = admin;
    this.versions = versions;
    this.templates = templates;
    this.zone = zone;
  }

  /** Every route, for tests that check each one refuses anonymous users and volunteers. */
  public List<InboxWeb.Route> routes() {
    return routes.all();
  }

  public void register(RoutesConfig r) {
    routes.get(r, BASE, this::home);
    routes.post(r, BASE + "/publish", this::publish);
    routes.post(r, BASE + "/rollback", this::rollback);
    routes.post(r, BASE + "/reset", this::reset);
    routes.get(r, BASE + "/versions/{id}", this::version);
    routes.get(r, BASE + "/export", this::export);
    routes.post(r, BASE + "/import", this::importZip);
    routes.get(r, BASE + "/file", this::filePage);
    routes.post(r, BASE + "/file", this::saveFile);
    routes.post(r, BASE + "/validate", this::validate);
    routes.get(r, BASE + "/diagram", this::diagram);
    routes.get(r, "/inbox/admin/vendor/cytoscape.min.js", this::cytoscape);
    routes.get(r, "/inbox/admin/directory", this::directory);
    routes.post(r, "/inbox/admin/directory", this::saveOrganisation);
    routes.get(r, "/inbox/admin/settings", this::settings);
    routes.post(r, "/inbox/admin/settings", this::saveSettings);
    routes.get(r, "/inbox/admin/texts", this::texts);
    routes.post(r, "/inbox/admin/texts", this::saveText);
    routes.get(r, "/inbox/admin/preview", this::previewPage);
    routes.post(r, "/inbox/admin/preview/messages", this::previewMessage);
  }

  // ---- helpers ----

  private static Volunteer me(Context ctx) {
    return WebAuth.session(ctx).volunteer();
  }

  /** The admin pages say their notices themselves ({@link AdminNotice}): none in the chrome. */
  private Chrome chrome(Context ctx) {
    return Chrome.of(ctx, versions.current().catalog(), zone, Set.of());
  }

  private AdminNotice notice(Context ctx, AdminTexts a) {
    String n = ctx.queryParam("notice");
    return n != null && NOTICES.contains(n) ? new AdminNotice(a.a("notice." + n), !n.startsWith("ok_")) : AdminNotice.NONE;
  }

  private void html(Context ctx, String template, Map<String, Object> params) {
    ctx.contentType("text/html; charset=utf-8").result(templates.render(template, params));
  }

  private static int revision(Context ctx) {
    try {
      return Integer.parseInt(ctx.formParam("revision"));
    } catch (NumberFormatException | NullPointerException e) {
      return -1;
    }
  }

  private void redirect(Context ctx, String path, String notice) {
    ctx.redirect(path + (path.contains("?") ? "&" : "?") + "notice=" + notice, HttpStatus.SEE_OTHER);
  }

  // ---- draft and versions ----

  private void home(Context ctx) {
    renderHome(ctx, List.of(), HttpStatus.OK, null);
  }

  private void renderHome(Context ctx, List<Problem> errors, HttpStatus status, AdminNotice conflictText) {
    Chrome c = chrome(ctx);
    AdminTexts a = new AdminTexts(c.t());
    Draft draft = admin.draft();
    Map<String, Object> p = new HashMap<>();
    p.put("c", c);
    p.put("a", a);
    p.put("notice", conflictText != null ? conflictText : notice(ctx, a));
    p.put("draft", draft);
    p.put("files", List.copyOf(new TreeMap<>(draft.sources()).keySet()));
    p.put("current", versions.current().version());
    p.put("history", admin.history(50));
    p.put("changes", admin.draftDiff());
    p.put("errors", errors);
    ctx.status(status);
    html(ctx, "admin_flows", p);
  }

  private void publish(Context ctx) {
    PublishResult result = admin.publish(me(ctx).id(), revision(ctx));
    switch (result) {
      case PublishResult.Published p -> redirect(ctx, BASE, "ok_published");
      case PublishResult.Refused r -> renderHome(ctx, r.errors(), HttpStatus.UNPROCESSABLE_CONTENT, null);
      case PublishResult.Conflict k -> renderHome(ctx, List.of(), HttpStatus.CONFLICT, conflictText(ctx, k.actual()));
      case PublishResult.Unknown u -> redirect(ctx, BASE, "unknown_version");
    }
  }

  private AdminNotice conflictText(Context ctx, int actual) {
    return new AdminNotice(new AdminTexts(chrome(ctx).t()).a("notice.conflict", "revision", actual), true);
  }

  private void rollback(Context ctx) {
    PublishResult result = admin.rollback(me(ctx).id(), ctx.formParam("version"));
    redirect(ctx, BASE, result instanceof PublishResult.Published ? "ok_rolled_back" : "unknown_version");
  }

  private void reset(Context ctx) {
    SaveResult result = admin.saveDraft(me(ctx).id(), versions.current().sources(), revision(ctx),
        "draft reset to version " + versions.current().version());
    redirect(ctx, BASE, result instanceof SaveResult.Saved ? "ok_saved" : "conflict");
  }

  private void version(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NotFoundResponse("no such version");
    }
    Publication p = admin.publication(id).orElseThrow(() -> new NotFoundResponse("no such version"));
    Chrome c = chrome(ctx);
    html(ctx, "admin_version", Map.of("c", c, "a", new AdminTexts(c.t()), "p", p,
        "diffs", admin.diffWithPrevious(id)));
  }

  // ---- files ----

  private void export(Context ctx) {
    String version = ctx.queryParam("version");
    Map<String, String> sources;
    String name;
    if ("draft".equals(version)) {
      sources = admin.draft().sources();
      name = "dalil-draft";
    } else {
      String v = version == null || version.isBlank() ? versions.current().version() : version;
      sources = admin.sources(v).orElseThrow(() -> new NotFoundResponse("no such version"));
      name = "dalil-" + v.replaceAll("[^a-f0-9]", "");
    }
    ctx.contentType("application/zip")
        .header("Content-Disposition", "attachment; filename=\"" + name + ".zip\"")
        .result(FlowFiles.zip(sources));
  }

  private void importZip(Context ctx) throws IOException {
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null) {
      redirect(ctx, BASE, "invalid_import");
      return;
    }
    Map<String, String> sources;
    try (InputStream in = file.content()) {
      sources = FlowFiles.unzip(in.readAllBytes());
    } catch (IOException e) {
      redirect(ctx, BASE, "invalid_import");
      return;
    }
    if (sources.isEmpty()) {
      redirect(ctx, BASE, "invalid_import");
      return;
    }
    admin.importDraft(me(ctx).id(), sources);
    redirect(ctx, BASE, "ok_imported");
  }

  private void filePage(Context ctx) {
    String path = ctx.queryParam("path");
    Draft draft = admin.draft();
    if (path == null || !(path.startsWith("flows/") || path.startsWith("i18n/"))) {
      throw new NotFoundResponse("no such file");
    }
    renderFile(ctx, path, draft.sources().getOrDefault(path, ""), draft.revision(), AdminNotice.NONE, HttpStatus.OK);
  }

  private void renderFile(Context ctx, String path, String text, int revision, AdminNotice notice, HttpStatus status) {
    Chrome c = chrome(ctx);
    AdminTexts a = new AdminTexts(c.t());
    Map<String, Object> p = new HashMap<>();
    p.put("c", c);
    p.put("a", a);
    p.put("path", path);
    p.put("text", text);
    p.put("revision", revision);
    p.put("notice", notice.isEmpty() ? notice(ctx, a) : notice);
    ctx.status(status);
    html(ctx, "admin_file", p);
  }

  private void saveFile(Context ctx) {
    String path = ctx.formParam("path");
    if (path == null || !(path.matches("flows/[A-Za-z0-9_-]+\\.yaml") || path.matches("i18n/[A-Za-z0-9_.-]+"))) {
      throw new NotFoundResponse("no such file");
    }
    String text = ctx.formParam("text");
    SaveResult result = admin.saveFile(me(ctx).id(), path, text, revision(ctx));
    switch (result) {
      case SaveResult.Saved s -> redirect(ctx, BASE + "/file?path=" + path, "ok_saved");
      // The admin's text is kept in the form, so nothing they typed is lost.
      case SaveResult.Conflict k -> renderFile(ctx, path, text == null ? "" : text, k.actual(),
          conflictText(ctx, k.actual()), HttpStatus.CONFLICT);
    }
  }

  /** The problems of the draft with one file replaced, for the editor as the admin types. */
  private void validate(Context ctx) {
    String path = ctx.formParam("path");
    String text = ctx.formParam("text");
    Map<String, String> sources = new TreeMap<>(admin.draft().sources());
    if (path != null && text != null) {
      sources.put(path, text.replace("\r\n", "\n"));
    }
    FlowSetLoader.Result result = admin.validate(sources);
    List<Map<String, Object>> problems = new ArrayList<>();
    for (Problem pr : result.problems()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("severity", pr.severity().name().toLowerCase(java.util.Locale.ROOT));
      m.put("file", pr.where().file());
      m.put("line", pr.where().line());
      m.put("message", pr.message());
      m.put("text", pr.toString());
      problems.add(m);
    }
    ctx.json(Map.of("ok", result.ok(), "problems", problems));
  }

  // ---- diagrams ----

  /** A flow of the draft (of the current version when the draft does not load) as a diagram. */
  private void diagram(Context ctx) {
    FlowSetLoader.Result draft = admin.validate(admin.draft().sources());
    FlowSet set = draft.flowSet() != null ? draft.flowSet() : versions.current();
    List<String> flowIds = List.copyOf(new java.util.TreeSet<>(set.flows().keySet()));
    String flowId = ctx.queryParam("flow");
    if (flowId == null || !set.flows().containsKey(flowId)) {
      flowId = set.flows().containsKey("main") ? "main" : flowIds.get(0);
    }
    org.dalil.flow.Flow flow = set.flows().get(flowId);
    String json;
    try {
      json = JSON.writeValueAsString(org.dalil.admin.FlowGraph.of(flow));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a graph of strings always serialises", e);
    }
    Chrome c = chrome(ctx);
    html(ctx, "admin_diagram", Map.of("c", c, "a", new AdminTexts(c.t()), "flows", flowIds, "flow", flowId,
        "file", flow.file() == null ? "" : flow.file(), "graph", json, "draftOk", draft.ok()));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** The vendored graph library (no CDN: the pages work offline and leak nothing to a third party). */
  private void cytoscape(Context ctx) throws IOException {
    try (InputStream in = AdminWeb.class.getResourceAsStream("/web/vendor/cytoscape.min.js")) {
      if (in == null) {
        throw new NotFoundResponse("no graph library");
      }
      ctx.header("Cache-Control", "private, max-age=86400");
      ctx.contentType("text/javascript; charset=utf-8").result(in.readAllBytes());
    }
  }

  // ---- directory of services ----

  static final List<String> CONTACT_FIELDS = List.of("phone", "whatsapp", "email", "website", "address", "hours");

  private void directory(Context ctx) {
    Draft draft = admin.draft();
    FlowSetLoader.Result loaded = admin.validate(draft.sources());
    FlowSet set = loaded.flowSet() != null ? loaded.flowSet() : versions.current();
    Chrome c = chrome(ctx);
    AdminTexts a = new AdminTexts(c.t());
    html(ctx, "admin_directory", Map.of("c", c, "a", a, "notice", notice(ctx, a), "revision", draft.revision(),
        "organisations", set.directory().organisations(), "contactFields", CONTACT_FIELDS));
  }

  private void saveOrganisation(Context ctx) {
    String id = ctx.formParam("id") == null ? "" : ctx.formParam("id").strip();
    String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
    if (!org.dalil.flow.Target.isValidId(id) || name.isEmpty()) {
      redirect(ctx, "/inbox/admin/directory", "invalid_organisation");
      return;
    }
    Draft draft = admin.draft();
    FlowSetLoader.Result loaded = admin.validate(draft.sources());
    Map<String, String> contacts = new LinkedHashMap<>();
    if (loaded.flowSet() != null) {
      loaded.flowSet().directory().byId(id).ifPresent(o -> contacts.putAll(o.contacts()));
    }
    for (String field : CONTACT_FIELDS) {
      String v = ctx.formParam(field);
      if (v != null) {
        contacts.put(field, v.strip());
      }
    }
    org.dalil.directory.Organisation o = new org.dalil.directory.Organisation(id, name,
        org.dalil.admin.DirectoryEditor.words(ctx.formParam("cities")),
        org.dalil.admin.DirectoryEditor.words(ctx.formParam("topics")),
        org.dalil.admin.DirectoryEditor.words(ctx.formParam("languages")), contacts,
        !"false".equals(ctx.formParam("active")), org.dalil.flow.SourceLine.UNKNOWN);
    String file = org.dalil.directory.DirectoryReader.FILE;
    String text = org.dalil.admin.DirectoryEditor.put(draft.sources().getOrDefault(file, "organisations:\n"), o);
    SaveResult result = admin.saveFile(me(ctx).id(), file, text, revision(ctx));
    redirect(ctx, "/inbox/admin/directory", result instanceof SaveResult.Saved ? "ok_saved" : "conflict");
  }

  // ---- inbox settings ----

  private void settings(Context ctx) {
    renderSettings(ctx, org.dalil.admin.SettingsForm.stored(admin.jdbi()), List.of(), HttpStatus.OK);
  }

  private void renderSettings(Context ctx, Map<String, String> values, List<String> bad, HttpStatus status) {
    Chrome c = chrome(ctx);
    AdminTexts a = new AdminTexts(c.t());
    ctx.status(status);
    html(ctx, "admin_settings", Map.of("c", c, "a", a, "notice", notice(ctx, a), "values", values, "bad", bad));
  }

  private void saveSettings(Context ctx) {
    Map<String, String> values = new LinkedHashMap<>();
    org.dalil.admin.SettingsForm.ROWS.forEach(r -> values.put(r, ctx.formParam(r) == null ? "" : ctx.formParam(r)));
    List<String> bad = org.dalil.admin.SettingsForm.save(admin.jdbi(), me(ctx).id(), values);
    if (bad.isEmpty()) {
      redirect(ctx, "/inbox/admin/settings", "ok_saved");
    } else {
      renderSettings(ctx, values, bad, HttpStatus.UNPROCESSABLE_CONTENT);
    }
  }

  // ---- translations ----

  private void texts(Context ctx) {
    Chrome c = chrome(ctx);
    AdminTexts a = new AdminTexts(c.t());
    Draft draft = admin.draft();
    String group = ctx.queryParam("group");
    boolean missing = "1".equals(ctx.queryParam("missing"));
    Map<String, Object> p = new HashMap<>();
    p.put("c", c);
    p.put("a", a);
    p.put("notice", notice(ctx, a));
    p.put("revision", draft.revision());
    p.put("group", group == null ? "" : group);
    p.put("missing", missing);
    p.put("groups", TranslationTable.groups(draft.sources()));
    p.put("rows", TranslationTable.rows(draft.sources(), admin.translationSources(), group, missing));
    html(ctx, "admin_texts", p);
  }

  private void saveText(Context ctx) {
    String key = ctx.formParam("key");
    String language = ctx.formParam("lang");
    if (key == null || key.isBlank() || !TranslationTable.LANGUAGES.contains(language)) {
      throw new NotFoundResponse("no such text");
    }
    SaveResult result = admin.saveText(me(ctx).id(), key.strip(), language, ctx.formParam("text"), revision(ctx));
    String back = "/inbox/admin/texts?group=" + java.net.URLEncoder.encode(
        ctx.formParam("group") == null ? "" : ctx.formParam("group"), java.nio.charset.StandardCharsets.UTF_8);
    redirect(ctx, back, result instanceof SaveResult.Saved ? "ok_saved" : "conflict");
  }

  // ---- preview ----

  private void previewPage(Context ctx) {
    Chrome c = chrome(ctx);
    html(ctx, "admin_preview", Map.of("c", c, "a", new AdminTexts(c.t()), "revision", admin.draft().revision()));
  }

  /**
   * One message to the draft, answered in memory (nothing stored, nothing sent). A draft with
   * errors answers 422 with them.
   */
  private void previewMessage(Context ctx) {
    long me = me(ctx).id();
    if ("1".equals(ctx.formParam("reset"))) {
      previews.invalidate(me);
    }
    FlowSetLoader.Result loaded = admin.validate(admin.draft().sources());
    if (!loaded.ok()) {
      ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(Map.of("errors",
          loaded.errors().stream().map(Problem::toString).toList()));
      return;
    }
    FlowSet set = loaded.flowSet();
    Preview preview = previews.getIfPresent(me);
    if (preview == null || !preview.version().equals(set.version())) {
      preview = new Preview(set.version(), new ChatSession(set, Instant::now));
      previews.put(me, preview);
    }
    String text = ctx.formParam("text");
    List<String> lines = preview.session().handle(text == null || text.isBlank() ? "/start" : text);
    ctx.json(Map.of("version", set.version(), "lines", lines));
  }
}
