package org.dalil.channel.twilio;

import io.javalin.http.BadRequestResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dalil.channel.InboundMessage;
import org.dalil.flow.UserInput;

/**
 * Reads Twilio's messaging webhook parameters into an {@link InboundMessage}, for SMS and WhatsApp
 * alike (a WhatsApp {@code From} is {@code whatsapp:+212...}).
 *
 * <p>What is kept is what the helpline needs: the sender, the message id and the text. Media URLs,
 * coordinates and the WhatsApp {@code ProfileName} are read only to know the kind of message and
 * are never stored (a profile name may be kept later, with the contact's consent).
 */
final class TwilioInbound {
  static final String SMS = "sms";
  static final String WHATSAPP = "whatsapp";

  /** Twilio's message SIDs: two letters (SM, MM) and 32 hex digits; a little slack for other forms. */
  private static final Pattern MESSAGE_SID = Pattern.compile("[A-Za-z]{2}[0-9a-zA-Z]{10,62}");
  private static final int MAX_ADDRESS = 64;
  /** Twilio's own limit for a message body is 1600 characters; WhatsApp allows up to 4096. */
  static final int MAX_TEXT = 4096;
  /** WhatsApp message types that carry no text for the flows ({@code MessageType}, sent by Twilio for WhatsApp). */
  private static final Set<String> MEDIA_TYPES =
      Set.of("image", "video", "audio", "document", "sticker", "contacts", "unsupported");

  private TwilioInbound() {}

  static InboundMessage parse(Map<String, String> form, Instant receivedAt) {
    String sid = messageSid(form);
    String from = required(form, "From").strip();
    if (from.length() > MAX_ADDRESS || from.codePoints().anyMatch(Character::isISOControl)) {
      throw new BadRequestResponse("'From' is not an address");
    }
    String channel = from.startsWith(TwilioSettings.WHATSAPP_PREFIX) ? WHATSAPP : SMS;
    if (channel.equals(WHATSAPP) && from.length() == TwilioSettings.WHATSAPP_PREFIX.length()) {
      throw new BadRequestResponse("'From' is not an address");
    }
    String body = withoutControlCharacters(form.getOrDefault("Body", ""));
    if (body.length() > MAX_TEXT) {
      throw new BadRequestResponse("'Body' is longer than " + MAX_TEXT + " characters");
    }
    UserInput.Kind kind = kind(form);
    // A location's coordinates are personal data the flows do not use yet: only the kind is kept.
    String text = kind == UserInput.Kind.LOCATION ? "" : body;
    return new InboundMessage(channel, from, sid, new UserInput(text, kind, null), receivedAt);
  }

  private static UserInput.Kind kind(Map<String, String> form) {
    if (numMedia(form) > 0) {
      return UserInput.Kind.MEDIA;
    }
    String type = form.getOrDefault("MessageType", "").strip();
    boolean coordinates = !form.getOrDefault("Latitude", "").isBlank() && !form.getOrDefault("Longitude", "").isBlank();
    if (coordinates || type.equals("location")) {
      return UserInput.Kind.LOCATION;
    }
    if (MEDIA_TYPES.contains(type)) {
      return UserInput.Kind.MEDIA;
    }
    return UserInput.Kind.TEXT;
  }

  private static int numMedia(Map<String, String> form) {
    String raw = form.get("NumMedia");
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(raw.strip());
      if (n < 0) {
        throw new BadRequestResponse("'NumMedia' must be a number");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestResponse("'NumMedia' must be a number");
    }
  }

  static String messageSid(Map<String, String> form) {
    String sid = required(form, "MessageSid").strip();
    if (!MESSAGE_SID.matcher(sid).matches()) {
      throw new BadRequestResponse("'MessageSid' is not a Twilio message SID");
    }
    return sid;
  }

  static String required(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null || value.isBlank()) {
      throw new BadRequestResponse("'" + name + "' is required");
    }
    return value;
  }

  /** PostgreSQL cannot store U+0000 in text; other control characters only confuse the flows. */
  private static String withoutControlCharacters(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }
}
