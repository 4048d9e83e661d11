package org.dalil.channel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a request body as UTF-8, refusing invalid bytes instead of turning them into replacement
 * characters: a message stored with U+FFFD in place of its Arabic would be silently wrong.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** @throws CharacterCodingException when {@code bytes} is not valid UTF-8 */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
