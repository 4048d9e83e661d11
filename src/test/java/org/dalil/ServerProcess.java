package org.dalil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dalil.store.DatabaseSettings;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;

/**
 * {@code target/dalil.jar} as a separate process, on a fresh test database (the server of {@code
 * DALIL_TEST_DATABASE_URL}, or the tests' embedded PostgreSQL), with the shipped content copied into
 * a working directory; for the integration tests that kill it. Every start logs to its own file,
 * and {@link #logs()} shows their ends when a test fails.
 */
public final class ServerProcess implements AutoCloseable {
  private final Path workDir;
  private final TestDatabase database;
  private final int port;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process current;

  private ServerProcess(Path workDir, TestDatabase database, int port) {
    this.workDir = workDir;
    this.database = database;
    this.port = port;
  }

  /** Copies the shipped flows and translations into {@code workDir} and creates the database. */
  public static ServerProcess prepare(Path workDir) throws IOException {
    Path repository = Path.of(System.getProperty("dalil.repository", "."));
    copyTree(repository.resolve("flows"), workDir.resolve("flows"));
    copyTree(repository.resolve("i18n"), workDir.resolve("i18n"));
    return new ServerProcess(workDir, TestDatabases.create(), freePort());
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the jar with the database and port set, no other DALIL_, TWILIO_ or TELEGRAM_ variable but {@code env}'s, and waits until it is ready. */
  public void start(String name, Map<String, String> env) throws Exception {
    start(name, env, List.of());
  }

  /** {@link #start(String, Map)} with options for the JVM. */
  public void start(String name, Map<String, String> env, List<String> jvmOptions) throws Exception {
    current = process(name, env, jvmOptions, List.of()).start();
    processes.add(current);
    awaitReady();
  }

  /**
   * Runs the jar with a command ({@code start-check}...) in the same setting as {@link #start} and
   * waits for it to exit; returns its exit code (its output is in {@code <name>.log}).
   */
  public int run(String name, Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
    Process p = process(name, env, jvmOptions, List.of(args)).start();
    processes.add(p);
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      throw new AssertionError("'" + String.join(" ", args) + "' did not exit in 3 minutes:\n" + logs());
    }
    return p.exitValue();
  }

  public Path log(String name) {
    return workDir.resolve("server-" + name + ".log");
  }

  private ProcessBuilder process(String name, Map<String, String> env, List<String> jvmOptions, List<String> args) {
    Path jar = Path.of(System.getProperty("dalil.jar", "target/dalil.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log(name).toFile());
    Map<String, String> processEnv = pb.environment();
    processEnv.keySet().removeIf(k -> k.startsWith("DALIL_") || k.startsWith("TWILIO_") || k.startsWith("TELEGRAM_"));
    DatabaseSettings settings = database.settings();
    processEnv.put("DALIL_PORT", Integer.toString(port));
    processEnv.put("DALIL_DATABASE_URL", settings.url());
    processEnv.put("DALIL_SECRET_KEY", TestDatabases.SECRET_KEY);
    if (settings.user() != null) {
      processEnv.put("DALIL_DATABASE_USER", settings.user());
    }
    if (settings.password() != null) {
      processEnv.put("DALIL_DATABASE_PASSWORD", settings.password());
    }
    processEnv.putAll(env);
    return pb;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or finished. */
  public void kill() throws InterruptedException {
    current.destroyForcibly();
    assertTrue(current.waitFor(10, TimeUnit.SECONDS), "the server dies on SIGKILL");
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!current.isAlive()) {
        throw new AssertionError("the server exited with " + current.exitValue() + ":\n" + logs());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server was not ready in time:\n" + logs());
  }

  /** Waits until no outbox row is pending or sending. */
  public void awaitOutboxDrained(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection db = connect()) {
        if (longs(db, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')").getFirst() == 0) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the outbox was not drained: " + outboxStatuses() + "\n" + logs());
  }

  public String outboxStatuses() {
    try (Connection db = connect()) {
      return strings(db, "SELECT status || '=' || count(*) FROM outbox GROUP BY status ORDER BY status").toString();
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  public Connection connect() throws SQLException {
    DatabaseSettings settings = database.settings();
    Properties props = new Properties();
    if (settings.user() != null) {
      props.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      props.setProperty("password", settings.password());
    }
    return DriverManager.getConnection(settings.url(), props);
  }

  public static List<Long> longs(Connection db, String sql, Object... args) throws SQLException {
    List<Long> out = new ArrayList<>();
    for (String s : strings(db, sql, args)) {
      out.add(Long.parseLong(s));
    }
    return out;
  }

  /** The first column of every row, as text. */
  public static List<String> strings(Connection db, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  /** The last lines of every start's log. */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(workDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        sb.append("--- ").append(f.getFileName()).append(" (last 80 lines)\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()))).append('\n');
      }
    } catch (IOException e) {
      sb.append("(logs unreadable: ").append(e.getMessage()).append(')');
    }
    return sb.toString();
  }

  /** Kills what is still running and drops the database. */
  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    database.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
