package org.dalil.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Contacts walking the shipped flows, one message after the other, on SMS, WhatsApp and Telegram;
 * a contact whose path is done leaves and a new one arrives, so the contacts keep being distinct.
 * A contact is never sent two messages at once: it is taken for one webhook and given back after.
 */
final class Traffic {
  static final String TELEGRAM_SECRET = "bench-secret_0123456789";
  static final String SMS_NUMBER = "+212522000000";
  static final String WHATSAPP_NUMBER = "whatsapp:+14155238886";

  /** Paths through welcome → language → menu → topic → ...; one in eight ends in a handoff. */
  private static final List<List<String>> PATHS = List.of(
      List.of("bonjour", "1", "3", "1", "4"),               // fr, health, health centre, back to menu
      List.of("salam", "2", "9", "Rabat", "3"),             // ar, services, lookup in a city, back
      List.of("hello", "3", "1", "1", "menu"),              // en, papers
      List.of("bonjour", "1", "2", "1", "2", "Casablanca"), // fr, asylum, find a service (lookup)
      List.of("hi", "3", "5", "1", "4"),                    // en, work
      List.of("bonsoir", "1", "4", "2", "menu"),            // fr, education
      List.of("salam", "2", "6", "1", "4"),                 // ar, legal
      List.of("bonjour", "1", "10"));                       // fr, a volunteer: handoff

  record Contact(String channel, String address, long id, List<String> path, int step) {
    Contact next() {
      return new Contact(channel, address, id, path, step + 1);
    }

    boolean done() {
      return step >= path.size();
    }
  }

  private final List<String> baseUrls;
  private final Map<String, String> twilioSids = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<HttpRequest, String> sidByRequest =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  private final long firstId;
  private final AtomicLong nextId;
  private final AtomicLong updateIds = new AtomicLong(100_000);
  private final ConcurrentLinkedQueue<Contact> ready = new ConcurrentLinkedQueue<>();

  /** {@code publicUrl} is the one the server signs with; {@code firstId} keeps runs' contacts apart. */
  Traffic(String baseUrl, String publicUrl, long firstId) {
    this(List.of(baseUrl), firstId);
  }

  /**
   * Several instances behind the generator, each its own public URL: a contact's messages go to
   * them in turn, as a load balancer without affinity would send them.
   */
  Traffic(List<String> baseUrls, long firstId) {
    this.baseUrls = baseUrls;
    this.firstId = firstId;
    this.nextId = new AtomicLong(firstId);
  }

  long contactsStarted() {
    return nextId.get() - firstId;
  }

  /** A contact that wrote and waits for a reply before it writes again. */
  private record Waiting(Contact contact, int repliesBefore, long sinceNanos) {}

  private ReplyTracker replies;
  private long patienceNanos;
  private final Map<String, Integer> repliesWhenSent = new ConcurrentHashMap<>();
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

  /**
   * Contacts write again only once a reply came after their last message (as a person reads the
   * menu before answering it), or after {@code patience} (a step that answers nothing). Without
   * this, a contact writes again as soon as its webhook is answered, and its replies pile up.
   */
  Traffic waitingForReplies(ReplyTracker tracker, Duration patience) {
    this.replies = tracker;
    this.patienceNanos = patience.toNanos();
    tracker.onReply(this::replyArrived);
    return this;
  }

  Contact take() {
    Contact c = ready.poll();
    if (c == null && replies != null) {
      c = impatient();
    }
    if (c == null) {
      c = newContact();
    }
    if (replies != null) {
      repliesWhenSent.put(c.address(), replies.repliesTo(c.address()));
    }
    return c;
  }

  void giveBack(Contact c) {
    Contact next = c.next();
    if (next.done()) {
      if (replies != null) {
        repliesWhenSent.remove(c.address());
      }
      return;
    }
    if (replies == null) {
      ready.add(next);
      return;
    }
    int before = repliesWhenSent.getOrDefault(c.address(), 0);
    Waiting w = new Waiting(next, before, System.nanoTime());
    waiting.put(c.address(), w);
    // The reply may have come before the webhook's answer was read.
    if (replies.repliesTo(c.address()) > before && waiting.remove(c.address(), w)) {
      ready.add(next);
    }
  }

  private void replyArrived(String address) {
    Waiting w = waiting.get(address);
    if (w != null && replies.repliesTo(address) > w.repliesBefore() && waiting.remove(address, w)) {
      ready.add(w.contact());
    }
  }

  /** A waiting contact whose patience ran out, or null. */
  private Contact impatient() {
    long now = System.nanoTime();
    for (Waiting w : waiting.values()) {
      if (now - w.sinceNanos() > patienceNanos && waiting.remove(w.contact().address(), w)) {
        return w.contact();
      }
    }
    return null;
  }

  private Contact newContact() {
    long id = nextId.getAndIncrement();
    List<String> path = PATHS.get((int) (id % PATHS.size()));
    return switch ((int) (id % 3)) {
      case 0 -> new Contact("sms", String.format("+2126%08d", id % 100_000_000), id, path, 0);
      case 1 -> new Contact("whatsapp", String.format("whatsapp:+2127%08d", id % 100_000_000), id, path, 0);
      default -> new Contact("telegram", "tg:" + (6_000_000_000L + id), id, path, 0);
    };
  }

  /** The contact (address) of each Twilio message SID sent, to find contacts in the database. */
  Map<String, String> twilioSids() {
    return twilioSids;
  }

  /** The Twilio message SID a request built by {@link #request} carries; null for Telegram. */
  String sidOf(HttpRequest request) {
    return sidByRequest.get(request);
  }

  HttpRequest request(Contact c) {
    String baseUrl = baseUrls.get((int) ((c.id() + c.step()) % baseUrls.size()));
    String publicUrl = baseUrl;
    String text = c.path().get(c.step());
    if (c.channel().equals("telegram")) {
      long chat = Long.parseLong(c.address().substring(3));
      long update = updateIds.incrementAndGet();
      String json = "{\"update_id\":" + update + ",\"message\":{\"message_id\":" + update + ",\"from\":{\"id\":" + chat
          + ",\"is_bot\":false,\"first_name\":\"Bench\",\"language_code\":\"fr\"},\"chat\":{\"id\":" + chat
          + ",\"first_name\":\"Bench\",\"type\":\"private\"},\"date\":" + (System.currentTimeMillis() / 1000)
          + ",\"text\":\"" + text + "\"}}";
      return HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/telegram"))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .header("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET)
          .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    String sid = "SM" + HexFormat.of().formatHex(b);
    twilioSids.put(sid, c.address());
    Map<String, String> p = new LinkedHashMap<>();
    p.put("SmsMessageSid", sid);
    p.put("NumMedia", "0");
    if (c.channel().equals("whatsapp")) {
      p.put("ProfileName", "Bench");
      p.put("MessageType", "text");
      p.put("WaId", c.address().substring("whatsapp:+".length()));
    }
    p.put("SmsSid", sid);
    p.put("SmsStatus", "received");
    p.put("Body", text);
    p.put("To", c.channel().equals("whatsapp") ? WHATSAPP_NUMBER : SMS_NUMBER);
    p.put("NumSegments", "1");
    p.put("MessageSid", sid);
    p.put("AccountSid", StandIn.ACCOUNT_SID);
    p.put("From", c.address());
    p.put("ApiVersion", "2010-04-01");
    String path = "/webhooks/twilio/messages";
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature(publicUrl + path, p))
        .POST(HttpRequest.BodyPublishers.ofString(encode(p))).build();
    sidByRequest.put(request, sid);
    return request;
  }

  private static String encode(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  /** Twilio's X-Twilio-Signature: HMAC-SHA1 of the URL then each name and value sorted by name. */
  private static String signature(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    List<String> names = new ArrayList<>(params.keySet());
    Collections.sort(names);
    for (String name : names) {
      data.append(name).append(params.get(name));
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(StandIn.AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
