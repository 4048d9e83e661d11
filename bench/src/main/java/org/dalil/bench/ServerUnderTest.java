package org.dalil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server (Dalil's jar or the bare baseline) in a process of its own. */
final class ServerUnderTest implements AutoCloseable {
  private static final Pattern HEAP_USED = Pattern.compile("heap.*?used (\\d+)K");
  private final Process process;
  private final int port;
  private final Path log;
  final long readyMillis;

  private ServerUnderTest(Process process, int port, Path log, long readyMillis) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.readyMillis = readyMillis;
  }

  static ServerUnderTest start(List<String> command, Path workDir, Path log, int port, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    useOnly(pb, env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the server exited with " + p.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return new ServerUnderTest(p, port, log, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the server was not ready in 120 s; see " + log);
  }

  /** Dalil's settings in {@code env} and none of the bench's own environment. */
  static void useOnly(ProcessBuilder pb, Map<String, String> env) {
    pb.environment().keySet().removeIf(k -> k.startsWith("DALIL_") || k.startsWith("TWILIO_") || k.startsWith("TELEGRAM_"));
    pb.environment().putAll(env);
  }

  /** SIGKILL: no shutdown hook, no chance to finish anything (the crash run). */
  void kill() {
    process.destroyForcibly();
  }

  long pid() {
    return process.pid();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Resident set size in MiB, from /proc. */
  double rssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return -1;
  }

  /** Heap used in MiB as jcmd reports it; after a full collection when {@code afterGc}. */
  double heapUsedMiB(boolean afterGc) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    if (afterGc) {
      run(jcmd, Long.toString(pid()), "GC.run");
    }
    Matcher m = HEAP_USED.matcher(run(jcmd, Long.toString(pid()), "GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
  }

  /** The classes holding the most live memory (jcmd's class histogram, itself after a full collection), biggest first. */
  List<String> topClasses(int n) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    List<String> top = new ArrayList<>();
    for (String line : run(jcmd, Long.toString(pid()), "GC.class_histogram").split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":") && top.size() < n) {
        top.add(f[3] + " " + Long.parseLong(f[2]) / (1024 * 1024) + " MiB in " + f[1]);
      }
    }
    return top;
  }

  String logText() throws IOException {
    return Files.readString(log);
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** SIGTERM, then SIGKILL if it does not stop within 20 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
