package org.dalil.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.dalil.config.Config;
import org.dalil.web.App;

/**
 * {@code dalil start-check}: starts the server exactly as {@code serve} does, asks its own {@code
 * /health/ready} over HTTP, waits for the understanding of free text to be trained, and stops it.
 *
 * <p>It is the training run of the JVM's ahead-of-time cache (the Dockerfile runs it with {@code
 * -XX:AOTCacheOutput}): the classes it loads and links, and the profiles of the code it runs, are
 * what every later start finds ready-made. Run by hand, it tells an operator whether a
 * configuration starts, without leaving a server behind.
 */
public final class StartCheckCommand {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  static final Duration UNDERSTANDING_TIMEOUT = Duration.ofMinutes(2);

  private StartCheckCommand() {}

  /**
   * @return 0 when the server answered ready and its understanding was trained, 1 otherwise; a
   *     configuration or start-up error propagates as it does for {@code serve}
   */
  public static int run(Config config, Map<String, String> env, PrintStream out, PrintStream err) {
    try (App app = App.start(config, env)) {
      long readyAfter = ManagementFactory.getRuntimeMXBean().getUptime();
      String answer = askReady(app.port());
      if (answer != null) {
        err.println("dalil: started but not ready: " + answer);
        return 1;
      }
      if (!app.awaitUnderstanding(UNDERSTANDING_TIMEOUT)) {
        err.println("dalil: ready, but understanding was not trained within " + UNDERSTANDING_TIMEOUT.toSeconds() + " s");
        return 1;
      }
      out.println("ready " + readyAfter + " ms after the JVM started (flows " + app.flowVersions().current().version()
          + "); understanding trained " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after");
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("dalil: interrupted");
      return 1;
    }
  }

  /** Null when {@code /health/ready} answered 200, else what it answered. */
  private static String askReady(int port) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(READY_TIMEOUT).build();
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(READY_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? null : "HTTP " + response.statusCode() + " " + response.body();
    } catch (IOException e) {
      return e.getClass().getSimpleName();
    } finally {
      http.close();
    }
  }
}
