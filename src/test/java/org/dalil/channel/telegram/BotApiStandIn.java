package org.dalil.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A stand-in for the Bot API server (api.telegram.org) on a free local port, for the real
 * OkHttpTelegramClient: it records every call and answers as Telegram does, or with a scripted
 * error for one chat.
 */
final class BotApiStandIn implements AutoCloseable {
  static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One call as the server received it, and the answer it got; {@code json} is null for a
   * multipart body.
   */
  record Call(String path, String method, String contentType, String body, JsonNode json, Scripted answer) {
    String chatId() {
      return json == null || json.get("chat_id") == null ? null : json.get("chat_id").asText();
    }

    /** The message_id the stand-in gave a message it accepted. */
    String sentMessageId() throws IOException {
      return JSON.readTree(answer.body()).path("result").path("message_id").asText(null);
    }
  }

  record Scripted(int status, String contentType, String body) {}

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Deque<Scripted>> failuresByChat = new ConcurrentHashMap<>();
  private final Map<String, Deque<Scripted>> answersByMethod = new ConcurrentHashMap<>();
  private final Queue<String> pendingUpdates = new ConcurrentLinkedQueue<>();
  private final AtomicInteger messageIds = new AtomicInteger(5000);

  BotApiStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The next calls for {@code chatId} get these answers, in order, instead of success. */
  void failNextFor(String chatId, Scripted... answers) {
    failuresByChat.computeIfAbsent(chatId, k -> new ArrayDeque<>()).addAll(List.of(answers));
  }

  /** The next calls of {@code method} (lower case) get these answers. */
  void answerNext(String method, Scripted... answers) {
    answersByMethod.computeIfAbsent(method, k -> new ArrayDeque<>()).addAll(List.of(answers));
  }

  /** An update (JSON) for the next getUpdates. */
  void queueUpdate(String updateJson) {
    pendingUpdates.add(updateJson);
  }

  static Scripted error(int status, String description) {
    return new Scripted(status, "application/json",
        "{\"ok\":false,\"error_code\":" + status + ",\"description\":\"" + description + "\"}");
  }

  static Scripted tooManyRequests(int retryAfterSeconds) {
    return new Scripted(429, "application/json",
        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after " + retryAfterSeconds
            + "\",\"parameters\":{\"retry_after\":" + retryAfterSeconds + "}}");
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> calls(String method) {
    return calls().stream().filter(c -> c.method().equals(method)).toList();
  }

  List<Call> calls(String method, String chatId) {
    return calls(method).stream().filter(c -> chatId.equals(c.chatId())).toList();
  }

  /** Waits until the calls satisfy {@code condition}; fails the test after {@code timeout}. */
  List<Call> awaitCalls(Predicate<List<Call>> condition, Duration timeout, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<Call> now = calls();
      if (condition.test(now)) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what + "; calls: " + calls());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      String method = path.substring(path.lastIndexOf('/') + 1);
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      JsonNode json = null;
      if (contentType != null && contentType.startsWith("application/json") && !body.isEmpty()) {
        json = JSON.readTree(body);
      }
      Call received = new Call(path, method, contentType, body, json, null);
      Scripted answer;
      if (!path.startsWith("/bot" + TOKEN + "/")) {
        answer = error(401, "Unauthorized");
      } else {
        answer = next(answersByMethod.get(method));
        if (answer == null && received.chatId() != null) {
          answer = next(failuresByChat.get(received.chatId()));
        }
        if (answer == null) {
          answer = success(method, json);
        }
      }
      synchronized (this) {
        calls.add(new Call(path, method, contentType, body, json, answer));
      }
      respond(exchange, answer);
    }
  }

  private static Scripted next(Deque<Scripted> queue) {
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.pollFirst();
    }
  }

  private Scripted success(String method, JsonNode request) throws IOException {
    String result = switch (method) {
      case "sendmessage" -> {
        ObjectNode message = JSON.createObjectNode();
        message.put("message_id", messageIds.incrementAndGet());
        message.set("from", JSON.readTree("{\"id\":123456789,\"is_bot\":true,\"first_name\":\"Dalil\",\"username\":\"dalil_test_bot\"}"));
        ObjectNode chat = message.putObject("chat");
        chat.put("id", Long.parseLong(request.get("chat_id").asText()));
        chat.put("type", "private");
        message.put("date", Instant.now().getEpochSecond());
        message.put("text", request.get("text").asText());
        if (request.has("reply_markup")) {
          message.set("reply_markup", request.get("reply_markup"));
        }
        yield JSON.writeValueAsString(message);
      }
      case "getupdates" -> {
        List<String> updates = new ArrayList<>();
        for (String u; (u = pendingUpdates.poll()) != null; ) {
          updates.add(u);
        }
        if (updates.isEmpty()) {
          // A real getUpdates waits for news; a short pause keeps the poller from spinning.
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        yield "[" + String.join(",", updates) + "]";
      }
      default -> "true";
    };
    return new Scripted(200, "application/json", "{\"ok\":true,\"result\":" + result + "}");
  }

  private static void respond(HttpExchange exchange, Scripted answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
