package org.dalil.privacy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dalil.config.ConfigException;
import org.dalil.store.DatabaseSettings;

/**
 * The privacy configuration, read from the environment (documented in README.md): the secret that
 * protects addresses, the older secrets still to read, the retention periods and how often the
 * retention job runs. A bad value is one {@link ConfigException} naming the variable; a secret is
 * never echoed.
 *
 * @param addressKeys null when {@code DALIL_SECRET_KEY} is not set (allowed with the embedded
 *     database only, which then generates one)
 */
public record PrivacySettings(AddressKeys addressKeys, RetentionPolicy retention, Duration jobInterval) {

  public static final String SECRET_KEY = "DALIL_SECRET_KEY";
  public static final String PREVIOUS_SECRET_KEYS = "DALIL_PREVIOUS_SECRET_KEYS";
  public static final String MESSAGES_DAYS = "DALIL_RETENTION_MESSAGES_DAYS";
  public static final String NOTES_DAYS = "DALIL_RETENTION_NOTES_DAYS";
  public static final String VARIABLES_DAYS = "DALIL_RETENTION_VARIABLES_DAYS";
  public static final String DELIVERY_DAYS = "DALIL_RETENTION_DELIVERY_DAYS";
  public static final String CONTACTS_DAYS = "DALIL_RETENTION_CONTACTS_DAYS";
  public static final String INTERVAL = "DALIL_RETENTION_INTERVAL";

  /** Ten years: beyond that a period is a mistake, not a policy. */
  private static final int MAX_DAYS = 3650;

  public static PrivacySettings from(Map<String, String> env) {
    AddressKeys keys = keys(env);
    RetentionPolicy defaults = RetentionPolicy.defaults();
    RetentionPolicy retention = new RetentionPolicy(
        days(env, MESSAGES_DAYS, defaults.messages()),
        days(env, NOTES_DAYS, defaults.notes()),
        days(env, VARIABLES_DAYS, defaults.variables()),
        days(env, DELIVERY_DAYS, defaults.delivery()),
        days(env, CONTACTS_DAYS, defaults.contacts()),
        defaults.erasureGrace());
    return new PrivacySettings(keys, retention, interval(env));
  }

  /**
   * The database settings with the address keys; without {@code DALIL_SECRET_KEY} an embedded
   * database is left to generate its own, and a server database is refused.
   */
  public DatabaseSettings apply(DatabaseSettings database) {
    if (addressKeys != null) {
      return database.withAddressKeys(addressKeys);
    }
    if (!database.isEmbedded()) {
      throw new ConfigException(SECRET_KEY, "must be set when DALIL_DATABASE_URL is set (every instance needs the "
          + "same key to read the contacts' addresses); generate one with: openssl rand -base64 32");
    }
    return database;
  }

  private static AddressKeys keys(Map<String, String> env) {
    String current = blankToNull(env.get(SECRET_KEY));
    List<String> previous = blankToNull(env.get(PREVIOUS_SECRET_KEYS)) == null ? List.of()
        : Arrays.stream(env.get(PREVIOUS_SECRET_KEYS).split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    if (current == null) {
      if (!previous.isEmpty()) {
        throw new ConfigException(PREVIOUS_SECRET_KEYS, "is set but " + SECRET_KEY + " is not");
      }
      return null;
    }
    if (current.strip().length() < AddressKeys.MIN_SECRET_LENGTH) {
      throw new ConfigException(SECRET_KEY, "must have at least " + AddressKeys.MIN_SECRET_LENGTH
          + " characters; generate one with: openssl rand -base64 32");
    }
    for (String p : previous) {
      if (p.strip().length() < AddressKeys.MIN_SECRET_LENGTH) {
        throw new ConfigException(PREVIOUS_SECRET_KEYS, "each key must have at least "
            + AddressKeys.MIN_SECRET_LENGTH + " characters (separate keys with commas)");
      }
    }
    return AddressKeys.of(current, previous);
  }

  private static Duration days(Map<String, String> env, String variable, Duration fallback) {
    String raw = blankToNull(env.get(variable));
    if (raw == null) {
      return fallback;
    }
    try {
      int days = Integer.parseInt(raw.strip());
      if (days < 1 || days > MAX_DAYS) {
        throw new ConfigException(variable, "must be a number of days from 1 to " + MAX_DAYS + ", got '" + raw + "'");
      }
      return Duration.ofDays(days);
    } catch (NumberFormatException e) {
      throw new ConfigException(variable, "must be a number of days from 1 to " + MAX_DAYS + ", got '" + raw + "'");
    }
  }

  private static Duration interval(Map<String, String> env) {
    String raw = blankToNull(env.get(INTERVAL));
    if (raw == null) {
      return Duration.ofHours(1);
    }
    try {
      Duration d = Duration.parse(raw.strip());
      if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
        throw new ConfigException(INTERVAL, "must be between PT1M and P1D, got '" + raw + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(INTERVAL, "must be an ISO-8601 duration such as PT1H, got '" + raw + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Never prints a key. */
  @Override
  public String toString() {
    return "PrivacySettings[keys=" + (addressKeys == null ? "generated" : addressKeys) + ", retention=" + retention
        + ", interval=" + jobInterval + "]";
  }
}
