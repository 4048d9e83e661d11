package org.dalil.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Dalil's configuration, read once from environment variables (documented in README.md). Every
 * value is checked here so that a bad one stops start-up with one line naming the variable,
 * instead of failing later somewhere else.
 *
 * @param databaseUrl a {@code jdbc:postgresql://} URL, or null for the embedded PostgreSQL
 * @param dataDir where the embedded PostgreSQL keeps its files
 * @param simulator whether {@code /simulator} and its API are served
 */
public record Config(
    int port,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    URI publicUrl,
    Path flowsDir,
    Path i18nDir,
    Path dataDir,
    boolean simulator) {

  public static final String PORT = "DALIL_PORT";
  public static final String DATABASE_URL = "DALIL_DATABASE_URL";
  public static final String DATABASE_USER = "DALIL_DATABASE_USER";
  public static final String DATABASE_PASSWORD = "DALIL_DATABASE_PASSWORD";
  public static final String PUBLIC_URL = "DALIL_PUBLIC_URL";
  public static final String FLOWS_DIR = "DALIL_FLOWS_DIR";
  public static final String I18N_DIR = "DALIL_I18N_DIR";
  public static final String DATA_DIR = "DALIL_DATA_DIR";
  public static final String SIMULATOR = "DALIL_SIMULATOR";

  public boolean embeddedDatabase() {
    return databaseUrl == null;
  }

  public static Config fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads and checks every variable; throws {@link ConfigException} for the first bad one. */
  public static Config from(Map<String, String> env) {
    int port = port(env);
    String url = databaseUrl(env);
    String user = blankToNull(env.get(DATABASE_USER));
    String password = env.get(DATABASE_PASSWORD);
    if (url == null && user != null) {
      throw new ConfigException(DATABASE_USER, "is set but " + DATABASE_URL + " is not");
    }
    URI publicUrl = publicUrl(env, port);
    Path flows = directory(env, FLOWS_DIR, "flows");
    Path i18n = directory(env, I18N_DIR, "i18n");
    Path data = Path.of(orDefault(env, DATA_DIR, "data"));
    if (Files.exists(data) && !Files.isDirectory(data)) {
      throw new ConfigException(DATA_DIR, "'" + data + "' exists and is not a directory");
    }
    boolean simulator = bool(env, SIMULATOR, url == null);
    return new Config(port, url, user, password, publicUrl, flows, i18n, data, simulator);
  }

  private static int port(Map<String, String> env) {
    String raw = orDefault(env, PORT, "7070");
    try {
      int port = Integer.parseInt(raw.strip());
      if (port < 1 || port > 65535) {
        throw new ConfigException(PORT, "must be a port number between 1 and 65535, got '" + raw + "'");
      }
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException(PORT, "must be a port number between 1 and 65535, got '" + raw + "'");
    }
  }

  /**
   * Accepts a JDBC URL or the {@code postgres://user:pass@host/db} form that hosting providers
   * give; never echoes the value back, since it may hold a password.
   */
  private static String databaseUrl(Map<String, String> env) {
    String raw = blankToNull(env.get(DATABASE_URL));
    if (raw == null) {
      return null;
    }
    raw = raw.strip();
    if (raw.startsWith("jdbc:postgresql://")) {
      return raw;
    }
    if (raw.startsWith("postgres://") || raw.startsWith("postgresql://")) {
      try {
        URI uri = new URI(raw);
        if (uri.getHost() == null) {
          throw new ConfigException(DATABASE_URL, "has no host");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
          jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        String query = uri.getRawQuery();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
          String[] parts = userInfo.split(":", 2);
          query = (query == null ? "" : query + "&") + "user=" + parts[0]
              + (parts.length > 1 ? "&password=" + parts[1] : "");
        }
        if (query != null) {
          jdbc.append('?').append(query);
        }
        return jdbc.toString();
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(DATABASE_URL, "is not a valid URL");
      }
    }
    throw new ConfigException(DATABASE_URL,
        "must start with jdbc:postgresql:// or postgres:// (only PostgreSQL is supported)");
  }

  private static URI publicUrl(Map<String, String> env, int port) {
    String raw = orDefault(env, PUBLIC_URL, "http://localhost:" + port).strip();
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ConfigException(PUBLIC_URL,
            "must be an absolute http(s) URL such as https://dalil.example.org, got '" + raw + "'");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigException(PUBLIC_URL, "must not have a query or fragment, got '" + raw + "'");
      }
      // Webhook signatures are computed over public URL + path: one trailing slash too many breaks them.
      return raw.endsWith("/") ? new URI(raw.substring(0, raw.length() - 1)) : uri;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(PUBLIC_URL, "is not a valid URL: '" + raw + "'");
    }
  }

  private static Path directory(Map<String, String> env, String variable, String fallback) {
    Path dir = Path.of(orDefault(env, variable, fallback));
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(variable, "directory '" + dir.toAbsolutePath() + "' does not exist"
          + (env.containsKey(variable) ? "" : " (run from the repository root, or set " + variable + ")"));
    }
    return dir;
  }

  private static boolean bool(Map<String, String> env, String variable, boolean fallback) {
    String raw = blankToNull(env.get(variable));
    if (raw == null) {
      return fallback;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(variable, "must be true or false, got '" + raw + "'");
    };
  }

  private static String orDefault(Map<String, String> env, String variable, String fallback) {
    String raw = blankToNull(env.get(variable));
    return raw == null ? fallback : raw;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
