package org.dalil.channel.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dalil.config.Config;
import org.dalil.config.ConfigException;

/**
 * The Twilio channel's configuration, from environment variables (documented in README.md). Absent
 * when {@code TWILIO_ACCOUNT_SID} is not set: then the Twilio webhooks are not served and no
 * SMS or WhatsApp message is sent.
 *
 * @param smsFrom the number SMS replies are sent from (E.164), or null
 * @param whatsappFrom the WhatsApp sender, with its {@code whatsapp:} prefix, or null
 * @param messagingServiceSid a Messaging Service that picks the sender itself; used for a channel
 *     without its own {@code From}
 * @param apiUrl where the SDK's HTTP calls go instead of {@code https://api.twilio.com} (a local
 *     stand-in in tests), or null
 * @param publicUrl Dalil's public URL, without a trailing slash: webhook signatures and status
 *     callback URLs are built on it
 * @param reengage the WhatsApp templates asking a contact to write back, by language
 */
public record TwilioSettings(
    String accountSid,
    String authToken,
    String smsFrom,
    String whatsappFrom,
    String messagingServiceSid,
    URI apiUrl,
    URI publicUrl,
    ReengageTemplates reengage) {

  public static final String ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
  public static final String AUTH_TOKEN = "TWILIO_AUTH_TOKEN";
  public static final String SMS_FROM = "TWILIO_SMS_FROM";
  public static final String WHATSAPP_FROM = "TWILIO_WHATSAPP_FROM";
  public static final String MESSAGING_SERVICE_SID = "TWILIO_MESSAGING_SERVICE_SID";
  public static final String API_URL = "DALIL_TWILIO_API_URL";

  public static final String WHATSAPP_PREFIX = "whatsapp:";

  private static final Pattern ACCOUNT_SID_FORMAT = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern SERVICE_SID_FORMAT = Pattern.compile("MG[0-9a-fA-F]{32}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  /** An alphanumeric sender id: up to 11 letters, digits and spaces, at least one letter. */
  private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");

  /**
   * Reads the Twilio variables; empty when {@code TWILIO_ACCOUNT_SID} and the others are unset.
   *
   * @param publicUrl {@link Config#publicUrl()}, which must have been set explicitly
   *     ({@code DALIL_PUBLIC_URL} in {@code env}): a default would make every signature fail
   * @throws ConfigException naming the first variable with a bad or missing value
   */
  public static Optional<TwilioSettings> from(Map<String, String> env, URI publicUrl) {
    String sid = value(env, ACCOUNT_SID);
    String token = value(env, AUTH_TOKEN);
    String smsFrom = value(env, SMS_FROM);
    String whatsappFrom = value(env, WHATSAPP_FROM);
    String serviceSid = value(env, MESSAGING_SERVICE_SID);
    String apiUrl = value(env, API_URL);
    ReengageTemplates reengage = ReengageTemplates.from(env);
    if (sid == null) {
      for (String other : new String[] {AUTH_TOKEN, SMS_FROM, WHATSAPP_FROM, MESSAGING_SERVICE_SID, API_URL}) {
        if (value(env, other) != null) {
          throw new ConfigException(ACCOUNT_SID, "is not set but " + other + " is");
        }
      }
      if (!reengage.isEmpty()) {
        throw new ConfigException(ACCOUNT_SID, "is not set but a " + ReengageTemplates.VARIABLE + " is");
      }
      return Optional.empty();
    }
    if (!ACCOUNT_SID_FORMAT.matcher(sid).matches()) {
      throw new ConfigException(ACCOUNT_SID, "must be AC followed by 32 hexadecimal digits");
    }
    if (token == null) {
      throw new ConfigException(AUTH_TOKEN, "must be set when " + ACCOUNT_SID + " is");
    }
    if (smsFrom != null && !E164.matcher(smsFrom).matches() && !ALPHANUMERIC_SENDER.matcher(smsFrom).matches()) {
      throw new ConfigException(SMS_FROM,
          "must be a phone number in E.164 form such as +212522000000 (or an alphanumeric sender id), got '"
              + smsFrom + "'");
    }
    if (whatsappFrom != null) {
      String number = whatsappFrom.toLowerCase(Locale.ROOT).startsWith(WHATSAPP_PREFIX)
          ? whatsappFrom.substring(WHATSAPP_PREFIX.length()) : whatsappFrom;
      if (!E164.matcher(number).matches()) {
        throw new ConfigException(WHATSAPP_FROM,
            "must be a phone number in E.164 form such as +14155238886 (whatsapp: prefix optional), got '"
                + whatsappFrom + "'");
      }
      whatsappFrom = WHATSAPP_PREFIX + number;
    }
    if (serviceSid != null && !SERVICE_SID_FORMAT.matcher(serviceSid).matches()) {
      throw new ConfigException(MESSAGING_SERVICE_SID, "must be MG followed by 32 hexadecimal digits");
    }
    if (smsFrom == null && whatsappFrom == null && serviceSid == null) {
      throw new ConfigException(SMS_FROM,
          "none of " + SMS_FROM + ", " + WHATSAPP_FROM + ", " + MESSAGING_SERVICE_SID + " is set: nothing to send from");
    }
    if (value(env, Config.PUBLIC_URL) == null) {
      throw new ConfigException(Config.PUBLIC_URL,
          "must be set when " + ACCOUNT_SID + " is: Twilio signs its webhooks with the public URL");
    }
    return Optional.of(new TwilioSettings(sid, token, smsFrom, whatsappFrom, serviceSid,
        apiUrl == null ? null : apiUrl(apiUrl), publicUrl, reengage));
  }

  private static URI apiUrl(String raw) {
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigException(API_URL, "must be an http(s) base URL such as http://127.0.0.1:8089, got '" + raw + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(API_URL, "is not a valid URL: '" + raw + "'");
    }
  }

  private static String value(Map<String, String> env, String variable) {
    String raw = env.get(variable);
    return raw == null || raw.isBlank() ? null : raw.strip();
  }

  /** Whether SMS can be sent: from a number, or through the Messaging Service. */
  public boolean smsEnabled() {
    return smsFrom != null || messagingServiceSid != null;
  }

  /** Whether WhatsApp messages can be sent: from a WhatsApp sender, or through the Messaging Service. */
  public boolean whatsappEnabled() {
    return whatsappFrom != null || messagingServiceSid != null;
  }

  /** Whether a contact of this channel and language can be asked to write back (WhatsApp, with a template). */
  public boolean canReengage(String channel, String language) {
    return TwilioInbound.WHATSAPP.equals(channel) && whatsappEnabled() && reengage.contentSid(language).isPresent();
  }

  /** The URL Twilio calls for {@code path}, as it signs it. */
  public String publicUrl(String path) {
    return publicUrl + path;
  }

  /** Never prints the auth token. */
  @Override
  public String toString() {
    return "TwilioSettings[account=" + accountSid + ", sms=" + smsEnabled() + ", whatsapp=" + whatsappEnabled()
        + ", reengage templates=" + (reengage.byLanguage().keySet()) + (reengage.anyLanguage() == null ? "" : "+any")
        + (apiUrl == null ? "" : ", api=" + apiUrl) + "]";
  }
}
