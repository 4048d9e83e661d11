package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dalil.config.ConfigException;
import org.dalil.store.DatabaseSettings;
import org.junit.jupiter.api.Test;

class PrivacySettingsTest {
  private static final String SECRET = "a-test-secret-of-more-than-32-characters";

  @Test
  void defaultsAreSafe() {
    PrivacySettings s = PrivacySettings.from(Map.of());
    assertNull(s.addressKeys());
    assertEquals(Duration.ofDays(90), s.retention().messages());
    assertEquals(Duration.ofDays(90), s.retention().notes());
    assertEquals(Duration.ofDays(30), s.retention().variables());
    assertEquals(Duration.ofDays(30), s.retention().delivery());
    assertEquals(Duration.ofDays(365), s.retention().contacts());
    assertEquals(Duration.ofHours(1), s.jobInterval());
  }

  @Test
  void periodsAndKeysAreRead() {
    PrivacySettings s = PrivacySettings.from(Map.of(PrivacySettings.SECRET_KEY, SECRET,
        PrivacySettings.PREVIOUS_SECRET_KEYS, "old-secret-number-one-of-32-characters, old-secret-number-two-of-32-characters",
        PrivacySettings.MESSAGES_DAYS, "30", PrivacySettings.INTERVAL, "PT10M"));
    assertEquals(AddressKeys.of(SECRET).currentId(), s.addressKeys().currentId());
    assertTrue(s.addressKeys().knows(AddressKeys.of("old-secret-number-two-of-32-characters").currentId()));
    assertEquals(Duration.ofDays(30), s.retention().messages());
    assertEquals(Duration.ofMinutes(10), s.jobInterval());
    assertFalse(s.toString().contains(SECRET));
  }

  @Test
  void badValuesNameTheVariableAndNeverEchoASecret() {
    ConfigException shortKey = assertThrows(ConfigException.class,
        () -> PrivacySettings.from(Map.of(PrivacySettings.SECRET_KEY, "too-short")));
    assertEquals(PrivacySettings.SECRET_KEY, shortKey.variable());
    assertFalse(shortKey.getMessage().contains("too-short"));

    assertEquals(PrivacySettings.PREVIOUS_SECRET_KEYS, assertThrows(ConfigException.class,
        () -> PrivacySettings.from(Map.of(PrivacySettings.PREVIOUS_SECRET_KEYS, SECRET))).variable());
    assertEquals(PrivacySettings.MESSAGES_DAYS, assertThrows(ConfigException.class,
        () -> PrivacySettings.from(Map.of(PrivacySettings.MESSAGES_DAYS, "0"))).variable());
    assertEquals(PrivacySettings.CONTACTS_DAYS, assertThrows(ConfigException.class,
        () -> PrivacySettings.from(Map.of(PrivacySettings.CONTACTS_DAYS, "a year"))).variable());
    assertEquals(PrivacySettings.INTERVAL, assertThrows(ConfigException.class,
        () -> PrivacySettings.from(Map.of(PrivacySettings.INTERVAL, "PT1S"))).variable());
  }

  @Test
  void aServerDatabaseNeedsTheKeyAndTheEmbeddedOneMayGoWithout() {
    PrivacySettings none = PrivacySettings.from(Map.of());
    ConfigException e = assertThrows(ConfigException.class,
        () -> none.apply(DatabaseSettings.server("jdbc:postgresql://db/dalil", "u", "p")));
    assertEquals(PrivacySettings.SECRET_KEY, e.variable());
    assertTrue(e.getMessage().startsWith("DALIL_SECRET_KEY: must be set"), e.getMessage());

    DatabaseSettings embedded = DatabaseSettings.embedded(Path.of("data", "postgres"));
    assertSame(embedded, none.apply(embedded));

    PrivacySettings with = PrivacySettings.from(Map.of(PrivacySettings.SECRET_KEY, SECRET));
    assertSame(with.addressKeys(), with.apply(DatabaseSettings.server("jdbc:postgresql://db/dalil", "u", "p")).addressKeys());
  }
}
