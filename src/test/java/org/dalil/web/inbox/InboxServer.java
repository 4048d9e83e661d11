package org.dalil.web.inbox;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dalil.config.Config;
import org.dalil.store.TestDatabase;
import org.dalil.web.App;
import org.dalil.web.auth.AuthService;
import org.dalil.web.auth.PasswordHasher;
import org.dalil.web.auth.Role;

/**
 * A Dalil server (the whole app) on a given test database, so that two can share one: two
 * instances. With helpers to create accounts, sign in over HTTP and post forms with their token.
 */
final class InboxServer implements AutoCloseable {
  static final Path SHIPPED = Path.of("");
  static final Path MINIMAL = Path.of("src/test/resources/content/minimal");
  static final String PASSWORD = "correct horse battery";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  final App app;
  final TestDatabase db;
  /** Whether closing the server drops its database ({@link #onNewDatabase}). */
  private boolean ownsDatabase;

  private InboxServer(App app, TestDatabase db) {
    this.app = app;
    this.db = db;
  }

  /** A server on a database of its own, dropped when the server is closed. */
  static InboxServer onNewDatabase(Path content) {
    TestDatabase db = org.dalil.store.TestDatabases.create();
    try {
      InboxServer server = start(db, content, Map.of());
      server.ownsDatabase = true;
      return server;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  static InboxServer start(TestDatabase db, Path content, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(Map.of("DALIL_OPENING_HOURS", "always"));
    all.putAll(env);
    all.putIfAbsent(org.dalil.privacy.PrivacySettings.SECRET_KEY, org.dalil.store.TestDatabases.SECRET_KEY);
    Config config = new Config(0, db.settings().url(), db.settings().user(), db.settings().password(),
        URI.create(all.getOrDefault(Config.PUBLIC_URL, "http://localhost")), content.resolve("flows"),
        content.resolve("i18n"), Path.of("target", "unused-data"), true);
    return new InboxServer(App.start(config, all), db);
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  /** A new account with a unique e-mail; returns the e-mail. */
  String account(String name, Role role, String... languages) {
    String email = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "") + "-" + System.nanoTime() + "@example.org";
    new AuthService(db.database().jdbi(), new PasswordHasher(), Clock.systemUTC())
        .createAccount(null, email, name, PASSWORD, role, List.of(languages));
    return email;
  }

  /** Sets the account's inbox language, as the settings form does. */
  void uiLanguage(String email, String language) {
    db.database().jdbi().useExtension(org.dalil.web.auth.VolunteerDao.class,
        d -> d.setUiLanguage(d.findByEmail(email).orElseThrow().id(), language));
  }

  /** The simulator's contact writes. */
  void contactWrites(String contact, String text) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/simulator/messages")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"contact\":\"" + contact + "\",\"text\":\"" + text + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("simulator answered " + r.statusCode() + ": " + r.body());
    }
  }

  @Override
  public void close() {
    app.close();
    if (ownsDatabase) {
      db.close();
    }
  }

  /** A browser without JavaScript: cookies kept, redirects not followed. */
  final class Browser {
    final CookieManager cookies = new CookieManager();
    final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    String csrf;

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = CSRF.matcher(r.body());
      if (m.find() && !path.startsWith("/login")) {
        csrf = m.group(1);
      }
      return r;
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
      String body = form.entrySet().stream()
          .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      return http.send(HttpRequest.newBuilder(URI.create(url(path)))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts with the page's form token, as the browser would. */
    HttpResponse<String> submit(String path, Map<String, String> form) throws IOException, InterruptedException {
      Map<String, String> withToken = new LinkedHashMap<>(form);
      withToken.put("_csrf", csrf);
      return post(path, withToken);
    }

    HttpResponse<String> login(String email, String password) throws IOException, InterruptedException {
      HttpResponse<String> page = get("/login");
      Matcher m = CSRF.matcher(page.body());
      if (!m.find()) {
        throw new IllegalStateException("no form token on the login page");
      }
      HttpResponse<String> r = post("/login", Map.of("email", email, "password", password, "_csrf", m.group(1)));
      if (r.statusCode() == 303) {
        get("/inbox");
      }
      return r;
    }

    String cookie(String name) {
      return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
          .map(HttpCookie::getValue).findFirst().orElse(null);
    }
  }

  Browser browser() {
    return new Browser();
  }
}
