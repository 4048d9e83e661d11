package org.dalil.web.admin;

import java.io.IOException;
import java.net.CookieManager;
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

/** The whole app on the shipped content and a test database, with accounts and a form-posting client. */
final class AdminServer implements AutoCloseable {
  static final Path SHIPPED = Path.of("");
  static final String PASSWORD = "correct horse battery";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  final App app;
  final TestDatabase db;

  private AdminServer(App app, TestDatabase db) {
    this.app = app;
    this.db = db;
  }

  static AdminServer start(TestDatabase db) {
    Map<String, String> env = new HashMap<>(Map.of("DALIL_OPENING_HOURS", "always",
        "DALIL_SECRET_KEY", org.dalil.store.TestDatabases.SECRET_KEY));
    Config config = new Config(0, db.settings().url(), db.settings().user(), db.settings().password(),
        URI.create("http://localhost"), SHIPPED.resolve("flows"), SHIPPED.resolve("i18n"),
        Path.of("target", "unused-data"), true);
    return new AdminServer(App.start(config, env), db);
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  String account(String name, Role role) {
    String email = name.toLowerCase(java.util.Locale.ROOT) + "-" + System.nanoTime() + "@example.org";
    new AuthService(db.database().jdbi(), new PasswordHasher(), Clock.systemUTC())
        .createAccount(null, email, name, PASSWORD, role, List.of("fr", "ar"));
    return email;
  }

  /** What the simulator's contact gets back for a message, as plain text. */
  String contactWrites(String contact, String text) throws IOException, InterruptedException {
    String json = "{\"contact\":\"" + contact + "\",\"text\":\"" + text + "\"}";
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url("/api/simulator/messages")))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("simulator answered " + r.statusCode());
    }
    return r.body();
  }

  @Override
  public void close() {
    app.close();
  }

  /** A browser without JavaScript: cookies kept, redirects not followed. */
  final class Client {
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    String csrf;

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Matcher m = CSRF.matcher(r.body());
      if (m.find() && !path.startsWith("/login")) {
        csrf = m.group(1);
      }
      return r;
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
      String body = form.entrySet().stream()
          .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
              + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      return http.send(HttpRequest.newBuilder(URI.create(url(path)))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Posts with the page's form token. */
    HttpResponse<String> submit(String path, Map<String, String> form) throws IOException, InterruptedException {
      Map<String, String> withToken = new LinkedHashMap<>(form);
      withToken.put("_csrf", csrf);
      return post(path, withToken);
    }

    /** Posts a multipart form with one file. */
    HttpResponse<String> upload(String path, String field, String filename, byte[] content, boolean withToken)
        throws IOException, InterruptedException {
      String boundary = "----dalil" + System.nanoTime();
      var bytes = new java.io.ByteArrayOutputStream();
      if (withToken) {
        bytes.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf
            + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      bytes.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
          + filename + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(content);
      bytes.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return http.send(HttpRequest.newBuilder(URI.create(url(path)))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    void login(String email) throws IOException, InterruptedException {
      HttpResponse<String> page = get("/login");
      Matcher m = CSRF.matcher(page.body());
      if (!m.find()) {
        throw new IllegalStateException("no form token on the login page");
      }
      HttpResponse<String> r = post("/login", Map.of("email", email, "password", PASSWORD, "_csrf", m.group(1)));
      if (r.statusCode() != 303) {
        throw new IllegalStateException("login answered " + r.statusCode());
      }
      get("/inbox");
    }
  }

  Client client() {
    return new Client();
  }
}
