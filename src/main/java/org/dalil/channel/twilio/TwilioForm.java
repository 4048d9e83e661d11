package org.dalil.channel.twilio;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dalil.channel.StrictUtf8;

/**
 * The {@code application/x-www-form-urlencoded} body of a Twilio webhook, decoded strictly: invalid
 * UTF-8, a broken percent escape or a parameter given twice is refused rather than guessed at,
 * since the signature is computed over exactly these values.
 */
final class TwilioForm {
  static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
  private static final int UNSUPPORTED_MEDIA_TYPE = 415;

  private TwilioForm() {}

  /** Refuses any other content type with 415. */
  static void checkContentType(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(CONTENT_TYPE)) {
      throw new HttpResponseException(UNSUPPORTED_MEDIA_TYPE, "expected an " + CONTENT_TYPE + " body");
    }
  }

  /** The parameters in the order they came. */
  static Map<String, String> parse(byte[] body) {
    Map<String, String> params = new LinkedHashMap<>();
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start);
      if (end > start) {
        int eq = indexOf(body, (byte) '=', start);
        int nameEnd = eq >= 0 && eq < end ? eq : end;
        String name = decode(body, start, nameEnd);
        String value = nameEnd == end ? "" : decode(body, nameEnd + 1, end);
        if (params.putIfAbsent(name, value) != null) {
          throw new BadRequestResponse("parameter '" + printable(name) + "' is given twice");
        }
      }
      start = end + 1;
    }
    return Collections.unmodifiableMap(params);
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return bytes.length;
  }

  private static String decode(byte[] body, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        if (i + 2 >= to) {
          throw new BadRequestResponse("the body has a truncated percent escape");
        }
        int high = Character.digit(body[i + 1], 16);
        int low = Character.digit(body[i + 2], 16);
        if (high < 0 || low < 0) {
          throw new BadRequestResponse("the body has an invalid percent escape");
        }
        out.write(high << 4 | low);
        i += 2;
      } else {
        out.write(b);
      }
    }
    try {
      return StrictUtf8.decode(out.toByteArray());
    } catch (CharacterCodingException e) {
      throw new BadRequestResponse("the body is not valid UTF-8");
    }
  }

  /** A parameter name fit for an error message: short and without control characters. */
  private static String printable(String name) {
    String shown = name.codePoints()
        .filter(c -> !Character.isISOControl(c))
        .limit(40)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return shown;
  }
}
