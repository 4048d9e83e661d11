package org.dalil.channel.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's webhook bodies as its documentation shows them ({@code src/test/resources/twilio/*.form},
 * one raw {@code application/x-www-form-urlencoded} body each), and the signature Twilio puts on
 * them, computed here independently of the SDK.
 */
final class TwilioFixtures {
  private TwilioFixtures() {}

  /**
   * The environment of a whole server talking to {@code twilio}, both channels configured and no
   * SMS rate (a long code's 1 a second would only slow the tests down); mutable, to add to.
   */
  static Map<String, String> serverEnv(TwilioApiStandIn twilio, String smsFrom, String whatsappFrom,
      String publicUrl) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("TWILIO_ACCOUNT_SID", TwilioApiStandIn.ACCOUNT_SID);
    env.put("TWILIO_AUTH_TOKEN", TwilioApiStandIn.AUTH_TOKEN);
    env.put("TWILIO_SMS_FROM", smsFrom);
    env.put("TWILIO_WHATSAPP_FROM", whatsappFrom);
    env.put("DALIL_TWILIO_API_URL", twilio.url());
    env.put("DALIL_PUBLIC_URL", publicUrl);
    env.put("DALIL_RATE_SMS", "0");
    return env;
  }

  /** The fixture's parameters, decoded, in their order. */
  static LinkedHashMap<String, String> load(String name) {
    try (InputStream in = TwilioFixtures.class.getResourceAsStream("/twilio/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new LinkedHashMap<>(TwilioApiStandIn.decodeForm(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encoded as Twilio sends it: UTF-8, spaces as {@code +}, in the map's order. */
  static String encode(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  /**
   * {@code X-Twilio-Signature}: HMAC-SHA1, keyed with the auth token, of the full URL followed by
   * each parameter name and value, sorted by name; Base64.
   */
  static String signature(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    List<String> names = new ArrayList<>(params.keySet());
    Collections.sort(names);
    for (String name : names) {
      data.append(name).append(params.get(name));
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh Twilio SID with this prefix (SM, MM). */
  static String sid(String prefix) {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  /** A fresh Moroccan mobile number, so that each test has its own contact. */
  static String phone() {
    return "+2126" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }
}
