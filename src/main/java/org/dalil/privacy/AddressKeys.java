package org.dalil.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that protect contacts' addresses (phone numbers, Telegram chat ids) in the database.
 *
 * <p>Each secret ({@code DALIL_SECRET_KEY}, and the older ones of {@code DALIL_PREVIOUS_SECRET_KEYS})
 * gives three values, each an HMAC-SHA256 of the secret over a fixed label, so that no key serves
 * two purposes: a lookup key (contacts are found by HMAC-SHA256(lookup key, channel ":" address),
 * never by the address), an AES-256 key (the clear address, needed to reply, is stored encrypted with
 * AES-GCM under a random 96-bit nonce), and a short key id stored beside both, so that rows written
 * under an older secret can still be read and re-encrypted after a rotation.
 *
 * <p>Nothing here logs or puts an address or a secret into an exception message.
 */
public final class AddressKeys {
  /** Shorter secrets are refused: the whole protection is only as strong as this value. */
  public static final int MIN_SECRET_LENGTH = 32;

  private static final String HMAC = "HmacSHA256";
  private static final String AES_GCM = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One secret's derived keys. */
  private record Key(String id, byte[] lookup, byte[] encryption) {}

  private final Key current;
  /** Every key by id, the current one first. */
  private final Map<String, Key> byId;

  private AddressKeys(Key current, Map<String, Key> byId) {
    this.current = current;
    this.byId = byId;
  }

  /**
   * @param currentSecret the secret new rows are written with
   * @param previousSecrets older secrets, to read rows not yet re-encrypted
   * @throws IllegalArgumentException when a secret is shorter than {@link #MIN_SECRET_LENGTH} (the
   *     message never quotes it)
   */
  public static AddressKeys of(String currentSecret, List<String> previousSecrets) {
    Key current = derive(currentSecret);
    Map<String, Key> byId = new LinkedHashMap<>();
    byId.put(current.id(), current);
    for (String previous : previousSecrets) {
      Key key = derive(previous);
      byId.putIfAbsent(key.id(), key);
    }
    return new AddressKeys(current, Collections.unmodifiableMap(byId));
  }

  public static AddressKeys of(String currentSecret) {
    return of(currentSecret, List.of());
  }

  /** A new random secret, as Dalil generates one for the embedded database. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The same keys plus {@code secret} as an older one (ignored when it is already there). */
  public AddressKeys withPrevious(String secret) {
    Key key = derive(secret);
    if (byId.containsKey(key.id())) {
      return this;
    }
    Map<String, Key> more = new LinkedHashMap<>(byId);
    more.put(key.id(), key);
    return new AddressKeys(current, Collections.unmodifiableMap(more));
  }

  private static Key derive(String secret) {
    if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("a secret key must have at least " + MIN_SECRET_LENGTH + " characters");
    }
    byte[] raw = secret.strip().getBytes(StandardCharsets.UTF_8);
    String id = HexFormat.of().formatHex(hmac(raw, "dalil/key-id/v1"), 0, 8);
    return new Key(id, hmac(raw, "dalil/address-lookup/v1"), hmac(raw, "dalil/address-encryption/v1"));
  }

  /** The id of the key new rows are written with. */
  public String currentId() {
    return current.id();
  }

  /** Whether rows written under {@code keyId} can be read. */
  public boolean knows(String keyId) {
    return byId.containsKey(keyId);
  }

  /** The lookup hash of an address under the current key (hex). */
  public String lookupHash(String channel, String address) {
    return lookupHash(current, channel, address);
  }

  /** The lookup hashes of an address under every key, the current one first. */
  public List<String> lookupHashes(String channel, String address) {
    List<String> hashes = new ArrayList<>(byId.size());
    for (Key key : byId.values()) {
      hashes.add(lookupHash(key, channel, address));
    }
    return hashes;
  }

  private static String lookupHash(Key key, String channel, String address) {
    return HexFormat.of().formatHex(hmac(key.lookup(), channel + ":" + address));
  }

  /**
   * The address encrypted under the current key: base64 of nonce and ciphertext. The channel and
   * the lookup hash are authenticated with it, so a ciphertext copied onto another row does not
   * decrypt.
   */
  public String encrypt(String channel, String lookupHash, String address) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(AES_GCM);
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(current.encryption(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(current.id(), channel, lookupHash));
      byte[] sealed = cipher.doFinal(address.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The clear address of a row; empty when the row's key is not configured (a secret missing from
   * {@code DALIL_PREVIOUS_SECRET_KEYS}).
   *
   * @throws IllegalStateException when the value does not decrypt (altered, or moved from another row)
   */
  public Optional<String> decrypt(String keyId, String channel, String lookupHash, String secret) {
    Key key = byId.get(keyId);
    if (key == null) {
      return Optional.empty();
    }
    try {
      byte[] all = Base64.getDecoder().decode(secret);
      Cipher cipher = Cipher.getInstance(AES_GCM);
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.encryption(), "AES"),
          new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(keyId, channel, lookupHash));
      byte[] clear = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return Optional.of(new String(clear, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("an address under key " + keyId + " does not decrypt ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static byte[] associatedData(String keyId, String channel, String lookupHash) {
    return ("dalil-address|" + keyId + "|" + channel + "|" + lookupHash).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getClass().getSimpleName());
    }
  }

  /** Never prints a key. */
  @Override
  public String toString() {
    return "AddressKeys[current=" + current.id() + ", known=" + byId.keySet() + "]";
  }
}
