package org.dalil.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The benchmark of issue 9: Dalil's jar against PostgreSQL (the local server on a fresh database,
 * then the embedded one), the same load against a bare Javalin endpoint, a table on the console and
 * a JSON file. Options are {@code --name=value}: db (local, embedded or both), seconds (per step),
 * fixed (the fixed rate), rates (open-loop steps), senders (closed loop), scale (contacts to seed
 * for the scale run, 0 for none), pg (the local server's JDBC URL), out (the results directory).
 */
public final class Bench {
  private static final Pattern EMBEDDED_PORT = Pattern.compile("embedded PostgreSQL started on port (\\d+)");

  private final Map<String, String> options;
  private final Path repository;
  private final Duration step;
  private final LoadGenerator load = new LoadGenerator();
  private final ReplyTracker tracker = new ReplyTracker();
  /** With {@code --wait-for-reply}: how long a contact waits for a reply before it writes anyway. */
  private static final Duration REPLY_PATIENCE = Duration.ofSeconds(2);
  /** A server database needs a key for the contacts' addresses (issue 6); a fixed one for the bench. */
  private static final String BENCH_SECRET_KEY = "bench-only-secret-key-0123456789abcdef0123456789abcdef";
  private final List<Map<String, Object>> runs = new ArrayList<>();
  private final StringBuilder table = new StringBuilder();
  private long contactBase = 1;

  private Bench(Map<String, String> options) {
    this.options = options;
    this.repository = Path.of(options.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    this.step = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String a : args) {
      String[] kv = a.replaceFirst("^--", "").split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    new Bench(options).run();
  }

  private void run() throws Exception {
    String db = options.getOrDefault("db", "both");
    table.append("| run | phase | offered/s | accepted/s | webhook p50 ms | p99 ms | p99.9 ms | errors | reply p50 ms | reply p99 ms | server CPU ms/msg without the JIT (JIT share) | PostgreSQL CPU ms/msg |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    boolean dalilRuns = !db.equals("bare") && !db.equals("none")
        || options.containsKey("instances") || options.containsKey("crash") || options.containsKey("startup");
    if (dalilRuns && (!options.containsKey("jvm") || options.containsKey("startup"))) {
      prepareProductionJvm();
    }
    try (StandIn standIn = new StandIn(tracker)) {
      if (db.equals("local") || db.equals("both")) {
        runDalil("dalil-local", standIn, true);
        if (!options.containsKey("no-bare")) {
          runBare();
        }
      }
      if (db.equals("bare")) {
        runBare();
      }
      if (options.containsKey("instances")) {
        runTwoInstances(standIn);
      }
      if (options.containsKey("startup")) {
        runStartup(standIn);
      }
      if (options.containsKey("crash")) {
        runCrash(standIn);
      }
      if (db.equals("embedded") || db.equals("both")) {
        runDalil("dalil-embedded", standIn, false);
        if (!db.equals("both")) {
          runBare();
        }
      }
    }
    Path out = Path.of(options.getOrDefault("out", repository.resolve("bench/results").toString()));
    Files.createDirectories(out);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("date", Instant.now().toString());
    all.put("cpus", Runtime.getRuntime().availableProcessors());
    all.put("runs", runs);
    Files.writeString(out.resolve("last-run.json"), Json.write(all) + "\n");
    Files.writeString(out.resolve("last-run.md"), table.toString());
    System.out.println();
    System.out.println(table);
    for (Map<String, Object> r : runs) {
      Map<String, Object> summary = new LinkedHashMap<>(r);
      summary.remove("phases");
      System.out.println(r.get("run") + ": " + Json.write(summary));
    }
    System.out.println("written: " + out.resolve("last-run.json"));
  }

  /**
   * {@code --startup=N}: N starts to {@code /health/ready} on a new database of the local server (a
   * first start: migrations, the shipped flows published, the first admin) and N restarts on it,
   * with the Dockerfile's JVM options and with none; each server is stopped with SIGTERM before the
   * next starts. The medians go in the table, every time in the JSON.
   */
  private void runStartup(StandIn standIn) throws Exception {
    int times = Integer.parseInt(options.get("startup"));
    StringBuilder startupTable = new StringBuilder("| JVM options | first start, median ms (min–max) | restart, median ms (min–max) |\n|---|---|---|\n");
    for (String jvmOptions : List.of(productionJvmOptions(), "")) {
      List<String> command = dalilCommand(jvmOptions);
      List<Long> first = new ArrayList<>();
      List<Long> again = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        Path work = contentCopy("dalil-bench-startup-");
        int port = freePort();
        Map<String, String> env = dalilEnv(port, standIn);
        String jdbcUrl = createDatabase("dalil_bench_startup_");
        useDatabase(env, jdbcUrl);
        try {
          try (ServerUnderTest server = ServerUnderTest.start(command, work, work.resolve("first.log"), port, env)) {
            first.add(server.readyMillis);
          }
          try (ServerUnderTest server = ServerUnderTest.start(command, work, work.resolve("again.log"), port, env)) {
            again.add(server.readyMillis);
          }
        } finally {
          dropDatabase(jdbcUrl);
        }
      }
      String label = jvmOptions.isEmpty() ? "none" : jvmOptions;
      System.out.println("== start-up with " + label + ": first " + first + " ms, restart " + again + " ms");
      startupTable.append("| ").append(label).append(" | ").append(spread(first)).append(" | ").append(spread(again)).append(" |\n");
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("run", "startup");
      result.put("jvm_options", jvmOptions);
      result.put("first_start_ms", first);
      result.put("restart_ms", again);
      runs.add(result);
    }
    table.append("\n").append(startupTable);
  }

  private static String spread(List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    return sorted.get(sorted.size() / 2) + " (" + sorted.getFirst() + "–" + sorted.getLast() + ")";
  }

  private void runDalil(String name, StandIn standIn, boolean localServer) throws Exception {
    Path work = contentCopy("dalil-bench-");
    int port = freePort();
    Map<String, String> env = dalilEnv(port, standIn);
    String jdbcUrl = null;
    if (localServer) {
      jdbcUrl = createDatabase("dalil_bench_");
      useDatabase(env, jdbcUrl);
    }
    List<String> command = dalilCommand();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("run", name);
    result.put("jvm_options", String.join(" ", command.subList(1, command.indexOf("-jar"))));
    result.put("loadavg_before", loadAverage());
    System.out.println("== " + name + ": starting the jar in " + work);
    try (ServerUnderTest server = ServerUnderTest.start(command, work, work.resolve("server.log"), port, env)) {
      result.put("ready_ms", server.readyMillis);
      if (jdbcUrl == null) {
        Matcher m = EMBEDDED_PORT.matcher(server.logText());
        jdbcUrl = m.find() ? "jdbc:postgresql://localhost:" + m.group(1) + "/postgres?user=postgres" : null;
      }
      String url = jdbcUrl;
      Traffic traffic = new Traffic(server.url(), server.url(), contactBase);
      if (options.containsKey("wait-for-reply")) {
        traffic.waitingForReplies(tracker, REPLY_PATIENCE);
      }
      List<Map<String, Object>> phases = new ArrayList<>();
      statements = url != null && localServer ? StatementStats.of(pgAdmin(), url) : StatementStats.NONE;
      result.putAll(warmUp(traffic, server.pid()));
      awaitDrained(url);
      tracker.reset();
      if (fixedRate() > 0) {
        phases.add(phase(name, "fixed", measured(server.pid(), () -> load.openLoop("fixed " + fixedRate(), traffic, tracker, fixedRate(), step)), url));
      }
      for (String rate : rates()) {
        double r = Double.parseDouble(rate);
        phases.add(phase(name, "open-loop", measured(server.pid(), () -> load.openLoop("open " + rate, traffic, tracker, r, step)), url));
      }
      phases.add(phase(name, "saturation", measured(server.pid(), () -> load.closedLoop("closed " + senders(), traffic, tracker, senders(), step)), url));
      int scale = Integer.parseInt(options.getOrDefault("scale", "0"));
      if (scale > 0 && url != null) {
        long t0 = System.nanoTime();
        seed(url, scale);
        result.put("seeded_contacts", scale);
        result.put("seed_seconds", (System.nanoTime() - t0) / 1e9);
        phases.add(phase(name, "fixed after seeding " + scale, measured(server.pid(), () -> load.openLoop("fixed " + fixedRate(), traffic, tracker, fixedRate(), step)), url));
      }
      result.put("phases", phases);
      result.put("contacts_started", traffic.contactsStarted());
      contactBase += traffic.contactsStarted() + 1000;
      result.put("rss_mib", server.rssMiB());
      result.put("heap_used_mib", server.heapUsedMiB(false));
      result.put("heap_after_gc_mib", server.heapUsedMiB(true));
      result.put("heap_top_classes", server.topClasses(5));
      if (url != null) {
        try (Connection c = DriverManager.getConnection(url)) {
          result.put("conversations_stored", count(c, "SELECT count(*) FROM conversations"));
          result.put("contacts_stored", count(c, "SELECT count(*) FROM contacts"));
          result.put("messages_stored", count(c, "SELECT count(*) FROM messages"));
          result.put("outbox_sent", count(c, "SELECT count(*) FROM outbox WHERE status = 'sent'"));
          result.put("outbox_not_sent", count(c, "SELECT count(*) FROM outbox WHERE status <> 'sent'"));
        }
      }
      result.put("replies_at_stand_in", standIn.twilioCalls.get() + standIn.telegramCalls.get());
      standIn.twilioCalls.set(0);
      standIn.telegramCalls.set(0);
      result.put("loadavg_after", loadAverage());
    } finally {
      // Only a database this run created on the local server; the embedded one goes with its server.
      if (localServer && jdbcUrl != null && options.getOrDefault("keep", "false").equals("false")) {
        dropDatabase(jdbcUrl);
      }
    }
    runs.add(result);
  }

  /**
   * Not reported. A JVM spends its first minutes compiling, and on two busy cores its compiler
   * competes with the server: 65 s into a run, C2 still took a quarter of the server's CPU and was
   * compiling without a pause (session 9, JFR's compilation events), so a phase measured then
   * measures a server half warmed. A server runs for days. {@code --warmup=auto} (the default)
   * goes on at full speed (closed loop), in slices of 10 s, until the JIT's threads take less than
   * 5 % of the server's CPU in a slice, for at most {@code --warmup-max} seconds (300);
   * {@code --warmup=SECONDS} is a fixed warm-up instead (sessions 2 to 8 used 30 or 60 s).
   */
  private Map<String, Object> warmUp(Traffic traffic, long serverPid) throws Exception {
    String setting = options.getOrDefault("warmup", "auto");
    System.out.println("== warm-up (" + setting + ")");
    long t0 = System.nanoTime();
    load.openLoop("warm-up", traffic, tracker, 200, Duration.ofSeconds(5));
    Map<String, Object> out = new LinkedHashMap<>();
    if (setting.equals("auto")) {
      long max = Long.parseLong(options.getOrDefault("warmup-max", "300"));
      double jitShare = 1;
      while (jitShare >= WARM_JIT_SHARE && System.nanoTime() - t0 < Duration.ofSeconds(max).toNanos()) {
        CpuTimes before = CpuTimes.now(serverPid);
        load.closedLoop("warm-up", traffic, tracker, senders(), Duration.ofSeconds(10));
        CpuTimes slice = CpuTimes.now(serverPid).minus(before);
        jitShare = slice.server() > 0 ? slice.jit() / slice.server() : 0;
        System.out.printf(Locale.ROOT, "== warm-up: JIT %.0f %% of the server's CPU in the last 10 s%n", 100 * jitShare);
      }
      out.put("warmup_jit_share_last_10s", round(jitShare));
    } else if (Long.parseLong(setting) > 0) {
      load.closedLoop("warm-up", traffic, tracker, senders(), Duration.ofSeconds(Long.parseLong(setting)));
    }
    out.put("warmup_s", round((System.nanoTime() - t0) / 1e9));
    return out;
  }

  private Map<String, String> dalilEnv(int port, StandIn standIn) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DALIL_PORT", Integer.toString(port));
    env.put("DALIL_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("DALIL_SIMULATOR", "false");
    env.put("TWILIO_ACCOUNT_SID", StandIn.ACCOUNT_SID);
    env.put("TWILIO_AUTH_TOKEN", StandIn.AUTH_TOKEN);
    env.put("TWILIO_SMS_FROM", Traffic.SMS_NUMBER);
    env.put("TWILIO_WHATSAPP_FROM", Traffic.WHATSAPP_NUMBER);
    env.put("DALIL_TWILIO_API_URL", standIn.url());
    env.put("TELEGRAM_BOT_TOKEN", StandIn.BOT_TOKEN);
    env.put("TELEGRAM_WEBHOOK_SECRET", Traffic.TELEGRAM_SECRET);
    env.put("DALIL_TELEGRAM_API_URL", standIn.url());
    // The stand-in has no rate limit: measure Dalil, not the providers' caps.
    for (String channel : List.of("SMS", "WHATSAPP", "TELEGRAM")) {
      env.put("DALIL_RATE_" + channel, "0");
      env.put("DALIL_RATE_" + channel + "_PER_CONTACT", "0");
    }
    String secretKey = System.getenv("DALIL_SECRET_KEY");
    env.put("DALIL_SECRET_KEY", secretKey != null ? secretKey : BENCH_SECRET_KEY);
    // --server-env=NAME=value,NAME=value: a setting to measure (a pool size, a rate), over the ones above.
    for (String pair : options.getOrDefault("server-env", "").split(",")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2) {
        env.put(kv[0].strip(), kv[1].strip());
      }
    }
    return env;
  }

  private void runBare() throws Exception {
    Path work = Files.createTempDirectory("dalil-bench-bare-");
    int port = freePort();
    String jar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("run", "bare-javalin");
    result.put("loadavg_before", loadAverage());
    try (ServerUnderTest server = ServerUnderTest.start(List.of(javaBin(), "-cp", jar, BareServer.class.getName(), Integer.toString(port)),
        work, work.resolve("bare.log"), port, Map.of())) {
      Traffic traffic = new Traffic(server.url(), server.url(), contactBase);
      load.openLoop("warm-up", traffic, null, 200, Duration.ofSeconds(5));
      List<Map<String, Object>> phases = new ArrayList<>();
      if (fixedRate() > 0) {
        phases.add(phase("bare-javalin", "fixed", measured(server.pid(), () -> load.openLoop("fixed", traffic, null, fixedRate(), step)), null));
      }
      for (String rate : rates()) {
        phases.add(phase("bare-javalin", "open-loop", measured(server.pid(), () -> load.openLoop("open", traffic, null, Double.parseDouble(rate), step)), null));
      }
      phases.add(phase("bare-javalin", "saturation", measured(server.pid(), () -> load.closedLoop("closed", traffic, null, senders(), step)), null));
      result.put("phases", phases);
      result.put("rss_mib", server.rssMiB());
      result.put("loadavg_after", loadAverage());
    }
    runs.add(result);
  }

  /**
   * Two Dalil instances on one database, a contact's messages alternating between them; then every
   * Twilio contact's replies at the stand-in are compared with the outbox's order in the database:
   * each reply of the database must arrive, once, after the ones before it.
   */
  private void runTwoInstances(StandIn standIn) throws Exception {
    String url = createDatabase("dalil_bench_two_");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("run", "two-instances");
    result.put("loadavg_before", loadAverage());
    List<ServerUnderTest> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Path work = contentCopy("dalil-bench-two-");
        int port = freePort();
        Map<String, String> env = dalilEnv(port, standIn);
        useDatabase(env, url);
        servers.add(ServerUnderTest.start(dalilCommand(), work, work.resolve("server.log"), port, env));
      }
      tracker.reset();
      Traffic traffic = new Traffic(servers.stream().map(ServerUnderTest::url).toList(), contactBase);
      double rate = Double.parseDouble(options.getOrDefault("two-rate", "100"));
      List<Map<String, Object>> phases = new ArrayList<>();
      phases.add(phase("two-instances", "open-loop", measured(0, () -> load.openLoop("two", traffic, tracker, rate, step)), url));
      result.put("phases", phases);
      contactBase += traffic.contactsStarted() + 1000;
      result.putAll(orderAndDuplicates(url, traffic));
      long contacts = (long) result.get("twilio_contacts_checked");
      long missingOrOutOfOrder = (long) result.get("replies_missing_or_out_of_order");
      long duplicates = (long) result.get("duplicate_replies");
      result.put("loadavg_after", loadAverage());
      System.out.println("two instances: " + contacts + " Twilio contacts checked, " + missingOrOutOfOrder
          + " replies missing or out of order, " + duplicates + " duplicates");
    } finally {
      for (ServerUnderTest server : servers) {
        server.close();
      }
      dropDatabase(url);
    }
    runs.add(result);
  }

  /**
   * The crash run: one server under an open-loop burst ({@code --crash-rate}, default 100/s) is
   * killed with SIGKILL half-way through; a new server starts on the same database and port; once
   * the outbox has drained, every Twilio webhook that was answered 200 must have its message
   * stored and every reply written for it sent, with no reply missing, out of order or twice.
   */
  private void runCrash(StandIn standIn) throws Exception {
    String url = createDatabase("dalil_bench_crash_");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("run", "crash");
    result.put("loadavg_before", loadAverage());
    Path work = contentCopy("dalil-bench-crash-");
    int port = freePort();
    Map<String, String> env = dalilEnv(port, standIn);
    useDatabase(env, url);
    List<String> command = dalilCommand();
    ServerUnderTest second = null;
    try {
      ServerUnderTest first = ServerUnderTest.start(command, work, work.resolve("server.log"), port, env);
      tracker.reset();
      load.acceptedTwilioSids.clear();
      Traffic traffic = new Traffic(first.url(), first.url(), contactBase);
      // Past start-up (the NLP training) before the burst, as in the other runs.
      load.openLoop("warm-up", traffic, tracker, 50, Duration.ofSeconds(5));
      double rate = Double.parseDouble(options.getOrDefault("crash-rate", "100"));
      java.util.concurrent.atomic.AtomicReference<ServerUnderTest> restarted = new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicLong downMillis = new java.util.concurrent.atomic.AtomicLong();
      // Killed half-way through the burst, and started again at once while the burst goes on.
      Thread killer = Thread.ofPlatform().start(() -> {
        try {
          Thread.sleep(step.toMillis() / 2);
          long t0 = System.nanoTime();
          first.kill();
          restarted.set(ServerUnderTest.start(command, work, work.resolve("server-after-crash.log"), port, env));
          downMillis.set((System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
          System.out.println("crash run: the restart failed: " + e);
        }
      });
      LoadGenerator.Result burst = load.openLoop("crash", traffic, tracker, rate, step);
      killer.join();
      second = restarted.get();
      if (second == null) {
        throw new IllegalStateException("the server did not restart after the kill; see " + work);
      }
      result.put("offered_per_s", rate);
      result.put("accepted_in_the_burst", burst.ok());
      result.put("refused_or_failed_in_the_burst", burst.errors());
      result.put("down_from_kill_to_ready_ms", downMillis.get());
      awaitDrained(url);
      contactBase += traffic.contactsStarted() + 1000;
      java.util.Set<String> accepted = java.util.Set.copyOf(load.acceptedTwilioSids);
      long lost = 0;
      long repliesNotSent = 0;
      try (Connection c = DriverManager.getConnection(url)) {
        java.sql.PreparedStatement stored = c.prepareStatement(
            "SELECT id FROM messages WHERE direction = 'in' AND provider_message_id = ?");
        java.sql.PreparedStatement unsent = c.prepareStatement(
            "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id"
                + " WHERE m.in_reply_to = ? AND o.status <> 'sent'");
        for (String sid : accepted) {
          stored.setString(1, sid);
          try (ResultSet rs = stored.executeQuery()) {
            if (!rs.next()) {
              lost++;
              continue;
            }
            unsent.setLong(1, rs.getLong(1));
          }
          try (ResultSet rs = unsent.executeQuery()) {
            rs.next();
            repliesNotSent += rs.getLong(1);
          }
        }
      }
      result.put("twilio_webhooks_acknowledged", accepted.size());
      result.put("acknowledged_but_lost", lost);
      result.put("replies_of_acknowledged_not_sent", repliesNotSent);
      result.putAll(orderAndDuplicates(url, traffic));
      result.put("loadavg_after", loadAverage());
      System.out.println("crash: " + accepted.size() + " Twilio webhooks acknowledged, " + lost + " lost, "
          + repliesNotSent + " of their replies not sent, " + result.get("replies_missing_or_out_of_order")
          + " replies missing or out of order, " + result.get("duplicate_replies") + " duplicates");
    } finally {
      if (second != null) {
        second.close();
      }
      dropDatabase(url);
    }
    runs.add(result);
  }

  /**
   * For every SMS/WhatsApp contact (found through the SIDs of its inbound messages): the replies
   * the outbox sent, in its order, must reach the stand-in in that order, and none more often than
   * the outbox holds it.
   */
  private Map<String, Object> orderAndDuplicates(String url, Traffic traffic) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    // contact id -> address, through the SIDs of the inbound messages.
    Map<Long, String> addresses = new HashMap<>();
    Map<String, List<String>> expected = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT contact_id, provider_message_id FROM messages WHERE direction = 'in'")) {
        while (rs.next()) {
          String address = traffic.twilioSids().get(rs.getString(2));
          if (address != null) {
            addresses.put(rs.getLong(1), address);
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT o.contact_id, m.body FROM outbox o JOIN messages m ON m.id = o.message_id"
          + " WHERE o.status = 'sent' ORDER BY o.id")) {
        while (rs.next()) {
          String address = addresses.get(rs.getLong(1));
          if (address != null) {
            expected.computeIfAbsent(address, k -> new ArrayList<>()).add(rs.getString(2));
          }
        }
      }
    }
    long contacts = 0;
    long missingOrOutOfOrder = 0;
    long duplicates = 0;
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      contacts++;
      List<String> got = tracker.received().getOrDefault(e.getKey(), List.of());
      int at = 0;
      for (String body : e.getValue()) {
        String start = body.strip().substring(0, Math.min(40, body.strip().length()));
        int found = -1;
        for (int k = at; k < got.size(); k++) {
          if (got.get(k).strip().startsWith(start)) {
            found = k;
            break;
          }
        }
        if (found < 0) {
          missingOrOutOfOrder++;
        } else {
          at = found + 1;
        }
      }
      for (String body : new java.util.HashSet<>(e.getValue())) {
        long want = e.getValue().stream().filter(body::equals).count();
        long have = got.stream().filter(body::equals).count();
        if (body.length() < 1500 && have > want) {
          duplicates += have - want;
        }
      }
    }
    result.put("twilio_contacts_checked", contacts);
    result.put("replies_missing_or_out_of_order", missingOrOutOfOrder);
    result.put("duplicate_replies", duplicates);
    return result;
  }

  /** A phase's load and the CPU the server and PostgreSQL used meanwhile. */
  /** The JIT's share of the server's CPU under which {@code --warmup=auto} deems the server warm. */
  private static final double WARM_JIT_SHARE = 0.05;
  /** Statements kept per phase in the JSON, with {@code pg_stat_statements}. */
  private static final int TOP_STATEMENTS = 15;
  private StatementStats statements = StatementStats.NONE;

  private record Measured(LoadGenerator.Result result, CpuTimes cpu) {}

  private Measured measured(long serverPid, Callable<LoadGenerator.Result> load) throws Exception {
    statements.reset();
    CpuTimes before = CpuTimes.now(serverPid);
    LoadGenerator.Result r = load.call();
    return new Measured(r, CpuTimes.now(serverPid).minus(before));
  }

  private Map<String, Object> phase(String run, String kind, Measured measured, String jdbcUrl) throws Exception {
    LoadGenerator.Result r = measured.result();
    CpuTimes cpu = measured.cpu();
    // Read before the drain below: the statements of the load, not of the outbox's catching up.
    List<Map<String, Object>> top = statements.top(TOP_STATEMENTS);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("phase", kind);
    p.put("offered_per_s", r.offeredRate());
    p.put("accepted_per_s", round(r.acceptedPerSecond()));
    p.put("ok", r.ok());
    p.put("errors", r.errors());
    p.put("webhook_p50_ms", r.ms(50));
    p.put("webhook_p99_ms", r.ms(99));
    p.put("webhook_p999_ms", r.ms(99.9));
    p.put("webhook_max_ms", r.latencyMicros().getMaxValue() / 1000.0);
    // CPU per accepted message during the load (the outbox drain that follows is not counted).
    p.put("server_cpu_s", round(cpu.server()));
    p.put("server_jit_cpu_s", round(cpu.jit()));
    p.put("postgres_cpu_s", round(cpu.postgres()));
    if (r.ok() > 0) {
      p.put("server_cpu_ms_per_message", round(1000 * (cpu.server() - cpu.jit()) / r.ok()));
      p.put("postgres_cpu_ms_per_message", round(1000 * cpu.postgres() / r.ok()));
    }
    String replyP50 = "-";
    String replyP99 = "-";
    if (jdbcUrl != null) {
      long t0 = System.nanoTime();
      awaitDrained(jdbcUrl);
      p.put("outbox_drain_s", round((System.nanoTime() - t0) / 1e9));
      Thread.sleep(200);
      Histogram replies = tracker.takeLatency();
      p.put("replies", replies.getTotalCount());
      p.put("reply_p50_ms", replies.getValueAtPercentile(50) / 1000.0);
      p.put("reply_p99_ms", replies.getValueAtPercentile(99) / 1000.0);
      replyP50 = fmt(replies.getValueAtPercentile(50) / 1000.0);
      replyP99 = fmt(replies.getValueAtPercentile(99) / 1000.0);
    }
    p.put("loadavg", loadAverage());
    if (!top.isEmpty()) {
      p.put("statements", top);
    }
    String serverCpu = r.ok() == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%.0f %%)",
        1000 * (cpu.server() - cpu.jit()) / r.ok(), cpu.server() > 0 ? 100 * cpu.jit() / cpu.server() : 0);
    String postgresCpu = r.ok() == 0 || jdbcUrl == null ? "-" : String.format(Locale.ROOT, "%.2f", 1000 * cpu.postgres() / r.ok());
    String line = String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %s | %s | %d | %s | %s | %s | %s |%n", run, kind,
        r.offeredRate() > 0 ? String.format(Locale.ROOT, "%.0f", r.offeredRate()) : "closed " + senders(),
        r.acceptedPerSecond(), fmt(r.ms(50)), fmt(r.ms(99)), fmt(r.ms(99.9)), r.errors(), replyP50, replyP99,
        serverCpu, postgresCpu);
    table.append(line);
    System.out.print(line);
    return p;
  }

  /** Waits (up to 120 s) until no reply is pending or being sent. */
  private static void awaitDrained(String jdbcUrl) throws Exception {
    if (jdbcUrl == null) {
      Thread.sleep(2000);
      return;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      while (System.nanoTime() < deadline && count(c, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") > 0) {
        Thread.sleep(100);
      }
    }
  }

  /**
   * The scale run's history: {@code n} more contacts, each with a conversation in the main menu and
   * an exchange of two messages, written straight into the tables.
   */
  private static void seed(String jdbcUrl, int n) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      boolean hashed = count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'contacts' AND column_name = 'address_hash'") > 0;
      if (hashed) {
        // Protected addresses (issue 6): a hash and a ciphertext that no lookup will match.
        s.execute("INSERT INTO contacts (channel, address_hash, address_secret, address_key, address_masked, language)"
            + " SELECT 'sms', 'seed-' || md5(g::text), 'seed', (SELECT address_key FROM contacts WHERE address_key IS NOT NULL LIMIT 1),"
            + " '+2125*****' || right(g::text, 3), 'fr' FROM generate_series(1, " + n + ") g");
      } else {
        s.execute("INSERT INTO contacts (channel, address, address_masked, language) SELECT 'sms', 'seed-' || lpad(g::text, 8, '0'),"
            + " '+2125*****' || right(g::text, 3), 'fr' FROM generate_series(1, " + n + ") g");
      }
      s.execute("INSERT INTO conversations (contact_id, flow_version, flow, node, language, status, started_at, last_activity_at)"
          + " SELECT c.id, (SELECT version FROM flow_versions LIMIT 1), 'main', 'menu', 'fr', 'active', now(), now()"
          + " FROM contacts c WHERE c.channel = 'sms' AND c.address_masked LIKE '+2125*****%' ON CONFLICT DO NOTHING");
      s.execute("INSERT INTO messages (contact_id, direction, channel, provider_message_id, body)"
          + " SELECT c.id, 'in', 'sms', 'seed-' || c.id, 'bonjour' FROM contacts c WHERE c.channel = 'sms' AND c.address_masked LIKE '+2125*****%'");
      s.execute("INSERT INTO messages (contact_id, direction, channel, body)"
          + " SELECT c.id, 'out', 'sms', 'menu' FROM contacts c WHERE c.channel = 'sms' AND c.address_masked LIKE '+2125*****%'");
      s.execute("ANALYZE");
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private double fixedRate() {
    return Double.parseDouble(options.getOrDefault("fixed", "500"));
  }

  /** A new database on the local server ({@code --pg}); its JDBC URL. */
  private String createDatabase(String prefix) throws Exception {
    String pgAdmin = pgAdmin();
    String database = prefix + System.currentTimeMillis();
    try (Connection admin = DriverManager.getConnection(pgAdmin); Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    return pgAdmin.replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
  }

  private void dropDatabase(String jdbcUrl) throws Exception {
    String database = jdbcUrl.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
    try (Connection admin = DriverManager.getConnection(pgAdmin()); Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private String pgAdmin() {
    return options.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
  }

  private static void useDatabase(Map<String, String> env, String jdbcUrl) {
    env.put("DALIL_DATABASE_URL", jdbcUrl.replaceFirst("\\?.*", ""));
    env.put("DALIL_DATABASE_USER", "postgres");
  }

  /** A working directory for one server, with the shipped flows and texts. */
  private Path contentCopy(String prefix) throws Exception {
    Path work = Files.createTempDirectory(prefix);
    copyTree(repository.resolve("flows"), work.resolve("flows"));
    copyTree(repository.resolve("i18n"), work.resolve("i18n"));
    return work;
  }

  /** How every run starts Dalil: the JVM options ({@code --jvm}, else the Dockerfile's) and the jar. */
  private List<String> dalilCommand() {
    return dalilCommand(options.containsKey("jvm") ? options.get("jvm").strip() : productionJvmOptions());
  }

  private List<String> dalilCommand(String jvmOptions) {
    List<String> command = new ArrayList<>(List.of(javaBin()));
    if (!jvmOptions.isEmpty()) {
      command.addAll(List.of(jvmOptions.split("\\s+")));
    }
    command.addAll(List.of("-jar", jar().toString()));
    return command;
  }

  private Path jar() {
    return Path.of(options.getOrDefault("jar", repository.resolve("target/dalil.jar").toString())).toAbsolutePath();
  }

  /**
   * The JVM options the Dockerfile runs Dalil with. On JDK 25 and later: the AOT cache that the
   * image's build writes with a training run ({@code start-check}; here {@link
   * #prepareProductionJvm} writes it next to the jar). On an older JDK: the class-data archive,
   * written by the first start and read by the next. No heap cap: the heap target is measured as the
   * live heap after a full GC; a 256 MB cap made the server collect garbage non-stop during a burst
   * far over capacity (bench/RESULTS.md). {@code --jvm=...} replaces them.
   */
  private String productionJvmOptions() {
    if (Runtime.version().feature() < 25) {
      return "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=" + jar().resolveSibling("dalil.jsa");
    }
    return "-XX:AOTCache=" + aotCache();
  }

  private Path aotCache() {
    return jar().resolveSibling("dalil.aot");
  }

  /**
   * Before the first server, what {@link #productionJvmOptions} needs: on JDK 25 and later the AOT
   * cache, trained as the image's build does, on a database of its own, when it is missing or
   * older than the jar (a training run takes about 20 s).
   */
  private void prepareProductionJvm() throws Exception {
    if (Runtime.version().feature() < 25) {
      return;
    }
    Path cache = aotCache();
    if (!Files.exists(cache) || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar())) < 0) {
      trainAotCache(cache);
    }
  }

  /** {@code java -XX:AOTCacheOutput=cache -jar dalil.jar start-check}, as the Dockerfile's build does. */
  private void trainAotCache(Path cache) throws Exception {
    Path work = contentCopy("dalil-bench-training-");
    String jdbcUrl = createDatabase("dalil_bench_training_");
    try {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("DALIL_PORT", Integer.toString(freePort()));
      env.put("DALIL_SECRET_KEY", BENCH_SECRET_KEY);
      useDatabase(env, jdbcUrl);
      ProcessBuilder pb = new ProcessBuilder(javaBin(), "-XX:AOTCacheOutput=" + cache, "-jar", jar().toString(), "start-check")
          .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("training.log").toFile());
      ServerUnderTest.useOnly(pb, env);
      System.out.println("== the AOT cache: training run (start-check) in " + work);
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        // The JVM writes a cache even for a run that failed (a jar without start-check): a cache
        // of the few classes it loaded, which the next run would take for the real one.
        Files.deleteIfExists(cache);
        throw new IllegalStateException("the AOT cache's training run failed; see " + work.resolve("training.log"));
      }
      System.out.println("   written in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms: " + cache);
    } finally {
      dropDatabase(jdbcUrl);
    }
  }

  /** The open-loop rates; {@code --rates=none} for none. */
  private List<String> rates() {
    String rates = options.getOrDefault("rates", "1000,2000,3000");
    return rates.equals("none") || rates.isBlank() ? List.of() : List.of(rates.split(","));
  }

  private int senders() {
    return Integer.parseInt(options.getOrDefault("senders", "64"));
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
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
