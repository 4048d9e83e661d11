package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressKeysTest {
  private static final String SECRET = "a-test-secret-of-more-than-32-characters";
  private static final String OTHER = "another-test-secret-of-32-characters-or-more";
  private static final String PHONE = "+212612345678";

  private final AddressKeys keys = AddressKeys.of(SECRET);

  @Test
  void theLookupHashIsKeyedAndDependsOnTheChannel() {
    String hash = keys.lookupHash("sms", PHONE);
    assertEquals(hash, AddressKeys.of(SECRET).lookupHash("sms", PHONE), "the same for every instance with the key");
    assertEquals(64, hash.length());
    assertFalse(hash.contains("612345678"));
    assertNotEquals(hash, keys.lookupHash("whatsapp", PHONE));
    assertNotEquals(hash, AddressKeys.of(OTHER).lookupHash("sms", PHONE), "another key, another hash");
  }

  @Test
  void anAddressIsEncryptedWithAFreshNonceAndDecryptsOnItsOwnRowOnly() {
    String hash = keys.lookupHash("sms", PHONE);
    String a = keys.encrypt("sms", hash, PHONE);
    String b = keys.encrypt("sms", hash, PHONE);
    assertNotEquals(a, b, "a random nonce per value");
    assertFalse(new String(Base64.getDecoder().decode(a), java.nio.charset.StandardCharsets.ISO_8859_1).contains(PHONE));
    assertEquals(Optional.of(PHONE), keys.decrypt(keys.currentId(), "sms", hash, a));

    // Moved onto another contact's row (another hash), it does not decrypt.
    String otherHash = keys.lookupHash("sms", "+212600000000");
    assertThrows(IllegalStateException.class, () -> keys.decrypt(keys.currentId(), "sms", otherHash, a));
    // Altered, neither.
    byte[] bytes = Base64.getDecoder().decode(a);
    bytes[bytes.length - 1] ^= 1;
    String altered = Base64.getEncoder().encodeToString(bytes);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> keys.decrypt(keys.currentId(), "sms", hash, altered));
    assertFalse(e.getMessage().contains(PHONE));
  }

  @Test
  void olderKeysStillReadTheirRowsAndUnknownKeysReadNothing() {
    AddressKeys old = AddressKeys.of(OTHER);
    String hash = old.lookupHash("telegram", "5087351234");
    String sealed = old.encrypt("telegram", hash, "5087351234");

    AddressKeys rotated = AddressKeys.of(SECRET, List.of(OTHER));
    assertEquals(keys.currentId(), rotated.currentId());
    assertTrue(rotated.knows(old.currentId()));
    assertEquals(Optional.of("5087351234"), rotated.decrypt(old.currentId(), "telegram", hash, sealed));
    assertEquals(List.of(keys.lookupHash("telegram", "5087351234"), hash), rotated.lookupHashes("telegram", "5087351234"));

    assertEquals(Optional.empty(), keys.decrypt(old.currentId(), "telegram", hash, sealed), "a key that is not configured");
  }

  @Test
  void aShortSecretIsRefusedWithoutBeingQuoted() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressKeys.of("short-secret"));
    assertFalse(e.getMessage().contains("short-secret"));
    assertFalse(keys.toString().contains(SECRET));
  }

  @Test
  void generatedSecretsAreLongAndDifferent() {
    String a = AddressKeys.newSecret();
    assertTrue(a.length() >= AddressKeys.MIN_SECRET_LENGTH);
    assertNotEquals(a, AddressKeys.newSecret());
  }
}
