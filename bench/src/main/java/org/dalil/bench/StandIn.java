package org.dalil.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-in for Twilio's REST API and Telegram's Bot API on one local port: it answers as they do
 * (the fields the SDKs read) and tells the {@link ReplyTracker} which contact got a reply, when.
 */
final class StandIn implements AutoCloseable {
  static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
  static final String BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  private static final Pattern CHAT_ID = Pattern.compile("\"chat_id\"\\s*:\\s*\"?(-?\\d+)");

  private final HttpServer server;
  private final ReplyTracker tracker;
  private final AtomicLong telegramIds = new AtomicLong(1000);
  final AtomicLong twilioCalls = new AtomicLong();
  final AtomicLong telegramCalls = new AtomicLong();

  StandIn(ReplyTracker tracker) throws IOException {
    this.tracker = tracker;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The messages created, as JSON, by To: the list the sender reads after a crash. */
  private final Map<String, java.util.List<String>> created = new java.util.concurrent.ConcurrentHashMap<>();

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      long now = System.nanoTime();
      if (path.startsWith("/2010-04-01/") && "POST".equals(exchange.getRequestMethod())) {
        twilioCalls.incrementAndGet();
        Map<String, String> form = form(body);
        String to = form.get("To");
        tracker.replied(to, form.getOrDefault("Body", ""), now);
        String message = twilioMessage(to, form.get("From"), form.getOrDefault("Body", ""));
        created.computeIfAbsent(to, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(message);
        respond(exchange, 201, message);
      } else if (path.startsWith("/2010-04-01/")) {
        // After a crash the sender asks whether a cut-short reply already went out: as Twilio, the
        // messages created for To, newest first.
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        java.util.List<String> forTo = new java.util.ArrayList<>(created.getOrDefault(query.get("To"), java.util.List.of()));
        java.util.Collections.reverse(forTo);
        respond(exchange, 200, "{\"messages\": [" + String.join(", ", forTo.subList(0, Math.min(50, forTo.size())))
            + "], \"end\": 0, \"page\": 0, \"page_size\": 50, \"start\": 0,"
            + " \"first_page_uri\": null, \"next_page_uri\": null, \"previous_page_uri\": null, \"uri\": \"" + path + "\"}");
      } else if (path.startsWith("/bot") && path.toLowerCase().endsWith("/sendmessage")) {
        telegramCalls.incrementAndGet();
        Matcher m = CHAT_ID.matcher(body);
        String chat = m.find() ? m.group(1) : "0";
        tracker.replied("tg:" + chat, body, now);
        respond(exchange, 200, "{\"ok\":true,\"result\":{\"message_id\":" + telegramIds.incrementAndGet()
            + ",\"from\":{\"id\":123456789,\"is_bot\":true,\"first_name\":\"Dalil\"},\"chat\":{\"id\":" + chat
            + ",\"type\":\"private\"},\"date\":" + Instant.now().getEpochSecond() + ",\"text\":\"ok\"}}");
      } else {
        respond(exchange, 200, "{\"ok\":true,\"result\":true}");
      }
    }
  }

  private static final java.time.format.DateTimeFormatter RFC_2822 =
      java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.US);

  /** A Message resource as Twilio returns it, with the body it was given and the time it was created. */
  private static String twilioMessage(String to, String from, String body) {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    String sid = "SM" + HexFormat.of().formatHex(b);
    String now = RFC_2822.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    return "{\"account_sid\": \"" + ACCOUNT_SID + "\", \"api_version\": \"2010-04-01\", \"body\": " + Json.write(body) + ","
        + " \"date_created\": \"" + now + "\", \"date_sent\": null, \"date_updated\": \"" + now + "\","
        + " \"direction\": \"outbound-api\", \"error_code\": null, \"error_message\": null, \"from\": \"" + from + "\","
        + " \"messaging_service_sid\": null, \"num_media\": \"0\", \"num_segments\": \"1\", \"price\": null, \"sid\": \"" + sid
        + "\", \"status\": \"queued\", \"to\": \"" + to + "\", \"uri\": \"/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json\"}";
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
