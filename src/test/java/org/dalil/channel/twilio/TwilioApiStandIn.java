package org.dalil.channel.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.dalil.channel.SmsSegments;

/**
 * A stand-in for Twilio's REST API (api.twilio.com) on a free local port, for the real SDK client
 * redirected by {@code DALIL_TWILIO_API_URL}: it records every call and answers as Twilio does (201
 * with the created Message as JSON), or, for a given {@code To}, with scripted errors or delays.
 */
final class TwilioApiStandIn implements AutoCloseable {
  static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
  static final String AUTH_TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

  /**
   * One call as the server received it; {@code form} is the decoded body, in order; {@code sid} the
   * message SID answered, or null when the call was answered with an error.
   */
  record Call(String method, String path, String authorization, String contentType, Map<String, String> form,
      String sid) {
    String to() {
      return form.get("To");
    }
  }

  /** A scripted answer: an HTTP status with Twilio's error JSON, or a success after a delay. */
  record Scripted(int status, Integer code, Duration delay) {
    static Scripted error(int status, Integer code) {
      return new Scripted(status, code, Duration.ZERO);
    }

    static Scripted slow(Duration delay) {
      return new Scripted(201, null, delay);
    }
  }

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Deque<Scripted>> scriptByTo = new ConcurrentHashMap<>();
  private final List<Created> createdMessages = new ArrayList<>();

  private record Created(String to, String from, String json) {}

  TwilioApiStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next calls with this {@code To} get these answers, in order, then success again. */
  void scriptFor(String to, Scripted... answers) {
    scriptByTo.computeIfAbsent(to, k -> new ArrayDeque<>()).addAll(List.of(answers));
  }

  synchronized List<Call> calls(Predicate<Call> which) {
    return calls.stream().filter(which).toList();
  }

  List<Call> callsTo(String to) {
    return calls(c -> to.equals(c.to()));
  }

  /** Waits until at least {@code count} calls to {@code to} arrived; returns them all. */
  List<Call> awaitCallsTo(String to, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Call> found = callsTo(to);
    while (found.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
      found = callsTo(to);
    }
    return found;
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("GET")) {
      try (exchange) {
        list(exchange);
      }
      return;
    }
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = decodeForm(body);
      String to = form.get("To");
      Deque<Scripted> script = to == null ? null : scriptByTo.get(to);
      Scripted answer = script == null ? null : script.poll();
      if (answer == null) {
        answer = refusal(form);
      }
      boolean fails = answer != null && answer.status() >= 300;
      Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Content-Type"), form,
          fails ? null : "SM" + HexFormat.of().formatHex(randomBytes(16)));
      synchronized (this) {
        calls.add(call);
      }
      if (answer != null && !answer.delay().isZero()) {
        Thread.sleep(answer.delay().toMillis());
      }
      if (fails) {
        respond(exchange, answer.status(), errorJson(answer));
      } else {
        String created = messageJson(call);
        synchronized (this) {
          createdMessages.add(new Created(call.to(), call.form().get("From"), created));
        }
        respond(exchange, 201, created);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What Twilio refuses whatever the number: a message with nothing to send, or a malformed Content SID. */
  private static Scripted refusal(Map<String, String> form) {
    String contentSid = form.get("ContentSid");
    if (contentSid != null && !contentSid.matches("HX[0-9a-fA-F]{32}")) {
      return Scripted.error(400, 21655);
    }
    if (form.get("Body") == null && form.get("MediaUrl") == null && contentSid == null) {
      return Scripted.error(400, 21619);
    }
    return null;
  }

  /** GET .../Messages.json?To=&From=&PageSize=: the messages created for To (and From), newest first. */
  private void list(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    Map<String, String> params = decodeForm(query == null ? "" : query);
    synchronized (this) {
      calls.add(new Call("GET", exchange.getRequestURI().getRawPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), null, params, null));
    }
    List<String> found = new ArrayList<>();
    synchronized (this) {
      for (int i = createdMessages.size() - 1; i >= 0; i--) {
        Created c = createdMessages.get(i);
        if (c.to().equals(params.get("To")) && (params.get("From") == null || params.get("From").equals(c.from()))) {
          found.add(c.json());
        }
      }
    }
    String uri = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    respond(exchange, 200, "{\"messages\": [" + String.join(", ", found) + "], \"end\": " + Math.max(0, found.size() - 1)
        + ", \"first_page_uri\": \"" + uri + "?PageSize=50&Page=0\", \"next_page_uri\": null, \"page\": 0,"
        + " \"page_size\": 50, \"previous_page_uri\": null, \"start\": 0, \"uri\": \"" + uri + "?PageSize=50&Page=0\"}");
  }

  /** Decoded with the JDK, independently of the code under test. */
  static Map<String, String> decodeForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (!pair.isEmpty()) {
        String[] nv = pair.split("=", 2);
        form.put(URLDecoder.decode(nv[0], StandardCharsets.UTF_8),
            nv.length > 1 ? URLDecoder.decode(nv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return form;
  }

  /** As Twilio answers an error: its code, a message (which may quote the number), more_info, status. */
  private static String errorJson(Scripted answer) {
    String code = answer.code() == null ? "null" : answer.code().toString();
    return "{\"code\": " + code + ", \"message\": \"The 'To' number +212600000000 is not valid.\","
        + " \"more_info\": \"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + answer.status() + "}";
  }

  /** A Message resource as Twilio returns it on creation (the fields the SDK reads). */
  private static String messageJson(Call call) {
    String sid = call.sid();
    String body = call.form().getOrDefault("Body", "");
    boolean whatsapp = call.to() != null && call.to().startsWith("whatsapp:");
    int segments = whatsapp ? 1 : SmsSegments.segments(body);
    // Twilio's dates: RFC 2822, "Thu, 30 Jul 2015 20:12:31 +0000".
    String now = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).format(ZonedDateTime.now(ZoneOffset.UTC));
    return "{\"account_sid\": \"" + ACCOUNT_SID + "\", \"api_version\": \"2010-04-01\", \"body\": " + quote(body)
        + ", \"date_created\": \"" + now + "\", \"date_sent\": null, \"date_updated\": \"" + now + "\""
        + ", \"direction\": \"outbound-api\", \"error_code\": null, \"error_message\": null,"
        + " \"from\": " + quote(call.form().get("From")) + ", \"messaging_service_sid\": "
        + quote(call.form().get("MessagingServiceSid")) + ", \"num_media\": \"0\", \"num_segments\": \"" + segments
        + "\", \"price\": null, \"sid\": \"" + sid + "\", \"status\": \"queued\", \"to\": " + quote(call.to())
        + ", \"uri\": \"/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json\"}";
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
