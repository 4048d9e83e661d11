package org.dalil.outbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.RateLimit;
import org.dalil.channel.SendRate;
import org.dalil.config.ConfigException;

/**
 * How the outbox worker sends, read from the environment (documented in README.md).
 *
 * @param threads messages in flight at once, each on its own virtual thread (never two of one contact)
 * @param batchSize rows claimed per query, at most
 * @param maxAttempts attempts before a row is marked failed
 * @param lease how long a claim lasts: longer than any send may take, since a row whose lease ran
 *     out is taken over (and sent again) by another worker
 * @param pollInterval how often to look for due rows when nobody signals new work
 * @param overallRates per channel, a cap that replaces the sender's own ({@link ChannelSender#sendRate()})
 * @param contactRates per channel, a per-contact cap that replaces the sender's own
 */
public record OutboxSettings(
    int threads,
    int batchSize,
    int maxAttempts,
    Backoff backoff,
    Duration lease,
    Duration pollInterval,
    Map<String, RateLimit> overallRates,
    Map<String, RateLimit> contactRates) {

  public static final String THREADS = "DALIL_OUTBOX_THREADS";
  public static final String MAX_ATTEMPTS = "DALIL_OUTBOX_MAX_ATTEMPTS";
  public static final String LEASE_SECONDS = "DALIL_OUTBOX_LEASE_SECONDS";
  public static final String RETRY_BASE_SECONDS = "DALIL_OUTBOX_RETRY_BASE_SECONDS";
  public static final String RETRY_MAX_SECONDS = "DALIL_OUTBOX_RETRY_MAX_SECONDS";
  /** {@code DALIL_RATE_<CHANNEL>} and {@code DALIL_RATE_<CHANNEL>_PER_CONTACT}. */
  public static final String RATE_PREFIX = "DALIL_RATE_";
  public static final String PER_CONTACT_SUFFIX = "_PER_CONTACT";
  /** The channels whose rates can be set. */
  public static final List<String> CHANNELS = List.of("sms", "whatsapp", "telegram", "simulator");

  public OutboxSettings {
    if (threads < 1 || batchSize < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("threads, batchSize and maxAttempts must be at least 1");
    }
    overallRates = Map.copyOf(overallRates);
    contactRates = Map.copyOf(contactRates);
  }

  public static OutboxSettings defaults() {
    return new OutboxSettings(64, 100, 8, new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30)),
        Duration.ofMinutes(2), Duration.ofSeconds(1), Map.of(), Map.of());
  }

  /** The caps a channel's rows are claimed under: the environment's if set, else the sender's. */
  public SendRate rateFor(ChannelSender sender) {
    SendRate own = sender.sendRate();
    return new SendRate(
        overallRates.getOrDefault(sender.channel(), own.overall()),
        contactRates.getOrDefault(sender.channel(), own.perContact()));
  }

  public OutboxSettings withThreads(int threads) {
    return new OutboxSettings(threads, batchSize, maxAttempts, backoff, lease, pollInterval, overallRates, contactRates);
  }

  public OutboxSettings withRate(String channel, RateLimit overall, RateLimit perContact) {
    Map<String, RateLimit> o = new LinkedHashMap<>(overallRates);
    Map<String, RateLimit> c = new LinkedHashMap<>(contactRates);
    o.put(channel, overall);
    c.put(channel, perContact);
    return new OutboxSettings(threads, batchSize, maxAttempts, backoff, lease, pollInterval, o, c);
  }

  /** Reads and checks every variable; throws {@link ConfigException} naming the first bad one. */
  public static OutboxSettings from(Map<String, String> env) {
    OutboxSettings d = defaults();
    int threads = integer(env, THREADS, d.threads(), 1, 10_000);
    int maxAttempts = integer(env, MAX_ATTEMPTS, d.maxAttempts(), 1, 1_000);
    int lease = integer(env, LEASE_SECONDS, (int) d.lease().toSeconds(), 1, 86_400);
    int retryBase = integer(env, RETRY_BASE_SECONDS, (int) d.backoff().base().toSeconds(), 1, 86_400);
    int retryMax = integer(env, RETRY_MAX_SECONDS, (int) d.backoff().max().toSeconds(), 1, 7 * 86_400);
    if (retryMax < retryBase) {
      throw new ConfigException(RETRY_MAX_SECONDS, "must not be less than " + RETRY_BASE_SECONDS + " (" + retryBase + ")");
    }
    Map<String, RateLimit> overall = new LinkedHashMap<>();
    Map<String, RateLimit> contact = new LinkedHashMap<>();
    for (String channel : CHANNELS) {
      String variable = RATE_PREFIX + channel.toUpperCase(Locale.ROOT);
      rate(env, variable).ifPresent(r -> overall.put(channel, r));
      rate(env, variable + PER_CONTACT_SUFFIX).ifPresent(r -> contact.put(channel, r));
    }
    return new OutboxSettings(threads, d.batchSize(), maxAttempts,
        new Backoff(Duration.ofSeconds(retryBase), Duration.ofSeconds(retryMax)),
        Duration.ofSeconds(lease), d.pollInterval(), overall, contact);
  }

  /** {@code 10} (a second, burst of one second's worth), {@code 0.5}, {@code 30:60} (burst 60), {@code 0} (no cap). */
  static Optional<RateLimit> rate(Map<String, String> env, String variable) {
    String raw = env.get(variable);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String[] parts = raw.strip().split(":", -1);
    String problem = "must be messages per second, optionally with a burst (10, 0.5, 30:60; 0 for no cap), got '" + raw + "'";
    if (parts.length > 2) {
      throw new ConfigException(variable, problem);
    }
    try {
      double perSecond = Double.parseDouble(parts[0].strip());
      if (perSecond < 0 || perSecond > 1_000_000 || Double.isNaN(perSecond)) {
        throw new ConfigException(variable, problem);
      }
      if (parts.length == 1) {
        return Optional.of(RateLimit.perSecond(perSecond));
      }
      int burst = Integer.parseInt(parts[1].strip());
      if (burst < 1 || perSecond == 0) {
        throw new ConfigException(variable, problem);
      }
      return Optional.of(new RateLimit(perSecond, burst));
    } catch (NumberFormatException e) {
      throw new ConfigException(variable, problem);
    }
  }

  private static int integer(Map<String, String> env, String variable, int fallback, int min, int max) {
    String raw = env.get(variable);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(variable, "must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
  }
}
