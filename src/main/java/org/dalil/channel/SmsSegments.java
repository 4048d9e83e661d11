package org.dalil.channel;

/**
 * How many SMS segments a text costs. Each segment is billed, so the validator warns about long
 * texts and the SMS channel can prefer a shorter {@code .sms} variant.
 *
 * <p>GSM-7 (3GPP TS 23.038, basic set and extension table) holds 160 septets in a single
 * segment, 153 per segment of a longer message; an extension character (€, [, ], {, }, ^, ~, \,
 * |, form feed) takes two septets. Any other character makes the whole text UCS-2: 70 UTF-16
 * code units in one segment, 67 per segment of a longer message. An escape pair or a surrogate
 * pair is never split between two segments, as phones do.
 */
public final class SmsSegments {
  private SmsSegments() {}

  public enum Encoding {
    GSM_7,
    UCS_2
  }

  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "\f^{}\\[~]|€";

  private static final int GSM_SINGLE = 160;
  private static final int GSM_MULTI = 153;
  private static final int UCS_SINGLE = 70;
  private static final int UCS_MULTI = 67;

  public static Encoding encoding(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
        return Encoding.UCS_2;
      }
    }
    return Encoding.GSM_7;
  }

  /** The number of segments; 0 for an empty text, which is never sent. */
  public static int segments(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    boolean gsm = encoding(text) == Encoding.GSM_7;
    int single = gsm ? GSM_SINGLE : UCS_SINGLE;
    int multi = gsm ? GSM_MULTI : UCS_MULTI;
    int total = 0;
    for (int i = 0; i < text.length(); i++) {
      total += unitSize(text, i, gsm);
      if (!gsm && Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()) {
        i++;
      }
    }
    if (total <= single) {
      return 1;
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < text.length(); i++) {
      int size = unitSize(text, i, gsm);
      if (!gsm && Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()) {
        i++;
      }
      if (used + size > multi) {
        segments++;
        used = 0;
      }
      used += size;
    }
    return segments;
  }

  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the character starting at {@code i}. */
  private static int unitSize(String text, int i, boolean gsm) {
    char c = text.charAt(i);
    if (gsm) {
      return EXTENSION.indexOf(c) >= 0 ? 2 : 1;
    }
    return Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
  }
}
