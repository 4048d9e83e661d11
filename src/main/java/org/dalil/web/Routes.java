package org.dalil.web;

import io.javalin.Javalin;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dalil.channel.telegram.TelegramWebhook;
import org.dalil.channel.twilio.TwilioWebhook;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.web.inbox.InboxWeb;
import org.dalil.web.privacy.DataRequestsWeb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every HTTP route of Dalil, in one place. */
public final class Routes {
  private static final Logger log = LoggerFactory.getLogger(Routes.class);
  /** Webhooks and simulator messages are small; a bigger body is refused before it is read. */
  static final long MAX_BODY_BYTES = 64 * 1024;
  static final String SIMULATOR_MESSAGES = "/api/simulator/messages";

  private final Readiness readiness;
  private final SimulatorApi simulatorApi;
  private final SimulatorPage simulatorPage;
  private final FlowVersions versions;
  private TelegramWebhook telegramWebhook;
  private TwilioWebhook twilioWebhook;
  private InboxWeb inbox;
  private org.dalil.web.admin.AdminWeb admin;
  private DataRequestsWeb dataRequests;

  /** @param simulatorApi null when the simulator is disabled (likewise the page) */
  public Routes(Readiness readiness, SimulatorApi simulatorApi, SimulatorPage simulatorPage, FlowVersions versions) {
    this.readiness = readiness;
    this.simulatorApi = simulatorApi;
    this.simulatorPage = simulatorPage;
    this.versions = versions;
  }

  /** Serves Telegram's webhook; null leaves it off (channel disabled, or in polling mode). */
  public Routes withTelegram(TelegramWebhook webhook) {
    this.telegramWebhook = webhook;
    return this;
  }

  /** Serves Twilio's messaging and status webhooks; null leaves them off (Twilio not configured). */
  public Routes withTwilio(TwilioWebhook webhook) {
    this.twilioWebhook = webhook;
    return this;
  }

  /** Serves the volunteers' inbox, its login page and its live events; null leaves them off. */
  public Routes withInbox(InboxWeb inbox) {
    this.inbox = inbox;
    return this;
  }

  /** Serves the admins' content pages (behind the inbox's guard); null leaves them off. */
  public Routes withAdmin(org.dalil.web.admin.AdminWeb admin) {
    this.admin = admin;
    return this;
  }

  /**
   * Requests handled at once. Every webhook needs one of the database's few connections, so more
   * threads than this only queue for them, each holding its request in memory: under a burst far
   * over capacity Jetty's default let hundreds pile up (bench/RESULTS.md). Beyond it, requests
   * wait in Jetty's queue. The margin over the pool's connections is for requests that need none
   * (health checks, static files); the inbox's live updates run on Javalin's async executor, not
   * on these threads.
   */
  static final int MAX_THREADS = 64;
  /**
   * Message routes handled at once ({@link Admission}): the database's pool has 10 connections,
   * so more only wait for one; the rest of the threads stay for the other routes.
   */
  static final int MAX_ACTIVE_MESSAGES = 48;
  /** Message routes waiting their turn, without a thread; beyond, 503 at once. */
  static final int MAX_WAITING_MESSAGES = 1024;
  /** A message route waits this long at most, then 503: Twilio gives up on a webhook after 15 s. */
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8, 60_000);
    pool.setName("JettyServerThreadPool");
    return pool;
  }

  /** Serves the admins' page for requests about personal data (behind the inbox's guard); null leaves it off. */
  public Routes withDataRequests(DataRequestsWeb dataRequests) {
    this.dataRequests = dataRequests;
    return this;
  }

  public Javalin server() {
    return Javalin.create(config -> {
      config.http.maxRequestSize = MAX_BODY_BYTES;
      config.jetty.threadPool = threadPool();
      // Jetty gives each kept-alive connection a cache of header fields, about 96 KB of it: after
      // a burst from a client holding thousands of connections open, 400 MB of the heap (issue 9).
      // Twilio and Telegram send few headers on few connections: nothing worth caching.
      config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
      Set<String> messagePaths = messagePaths();
      if (!messagePaths.isEmpty()) {
        config.jetty.modifyServletContextHandler(context -> {
          context.insertHandler(new Admission(messagePaths, MAX_ACTIVE_MESSAGES, MAX_WAITING_MESSAGES, MAX_WAIT));
          // Inserted last, so first to see a request: a body too big is refused before it waits
          // for a turn. The admins' uploads are multipart, with limits of their own.
          context.insertHandler(new BodyLimit(messagePaths, MAX_BODY_BYTES));
        });
      }
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
      config.routes.get("/health/ready", this::ready);
      if (simulatorApi != null) {
        config.routes.post(SIMULATOR_MESSAGES, simulatorApi::post);
        config.routes.get("/simulator", this::simulator);
      }
      if (telegramWebhook != null) {
        config.routes.post(TelegramWebhook.PATH, telegramWebhook::post);
      }
      if (inbox != null) {
        inbox.register(config.routes);
        if (admin != null) {
          admin.register(config.routes);
        }
        if (dataRequests != null) {
          dataRequests.register(config.routes);
        }
      }
      if (twilioWebhook != null) {
        config.routes.post(TwilioWebhook.MESSAGES_PATH, twilioWebhook::messages);
        config.routes.post(TwilioWebhook.STATUS_PATH, twilioWebhook::status);
      }
      config.routes.exception(HttpResponseException.class, (e, ctx) ->
          ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
      config.routes.exception(Exception.class, (e, ctx) -> {
        // Exception messages can quote SQL values (addresses, texts): only the type is logged.
        log.error("{} {} failed: {} at {}", ctx.method(), ctx.path(), e.getClass().getName(), firstOwnFrame(e));
        log.debug("failure detail", e);
        // A streamed response (server-sent events) may already be committed: nothing more can be said.
        if (!ctx.res().isCommitted()) {
          ctx.status(500).json(Map.of("error", "internal error"));
        }
      });
    });
  }

  /** The routes that store a message, each taking a connection of the database's pool. */
  private Set<String> messagePaths() {
    Set<String> paths = new HashSet<>();
    if (simulatorApi != null) {
      paths.add(SIMULATOR_MESSAGES);
    }
    if (telegramWebhook != null) {
      paths.add(TelegramWebhook.PATH);
    }
    if (twilioWebhook != null) {
      paths.add(TwilioWebhook.MESSAGES_PATH);
      paths.add(TwilioWebhook.STATUS_PATH);
    }
    return paths;
  }

  /** Where in Dalil's code an exception came from, without its message (which may quote data). */
  static String firstOwnFrame(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("org.dalil.")) {
        return frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber();
      }
    }
    return e.getStackTrace().length > 0 ? e.getStackTrace()[0].toString() : "?";
  }

  private void ready(Context ctx) {
    boolean database = readiness.databaseReachable();
    String flows = readiness.flowVersion();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", database && flows != null ? "ready" : "not ready");
    body.put("database", database);
    body.put("flows", flows);
    ctx.status(database && flows != null ? 200 : 503).json(body);
  }

  private void simulator(Context ctx) {
    FlowSet flows = versions.current();
    String language = SimulatorPage.language(ctx.queryParam("lang"), ctx.header("Accept-Language"),
        flows.settings().languages());
    ctx.contentType("text/html; charset=utf-8").result(simulatorPage.render(flows.catalog(), language));
  }
}
