package org.dalil.channel.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import org.dalil.channel.StrictUtf8;
import org.telegram.telegrambots.meta.api.objects.Update;

/** Reads a webhook body into the library's {@link Update}, refusing what Telegram never sends. */
final class UpdateJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UpdateJson() {}

  static Update read(byte[] body) throws BadUpdateException {
    try {
      // Checked here: Jackson would read invalid bytes as replacement characters.
      StrictUtf8.decode(body);
    } catch (CharacterCodingException e) {
      throw new BadUpdateException("the body is not valid UTF-8");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadUpdateException("the body is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new BadUpdateException("expected a JSON object (a Bot API Update)");
    }
    JsonNode id = tree.get("update_id");
    if (id == null || !id.canConvertToInt() || !id.isIntegralNumber() || id.intValue() <= 0) {
      throw new BadUpdateException("update_id is missing or not a positive integer");
    }
    try {
      return JSON.treeToValue(tree, Update.class);
    } catch (JsonProcessingException e) {
      // The library's types tolerate unknown fields: this is a known field of the wrong type.
      throw new BadUpdateException("the body is not a Bot API Update");
    } catch (RuntimeException e) {
      // Lombok's @NonNull on the library's constructors and its custom deserializers throw plain
      // runtime exceptions on some missing fields.
      throw new BadUpdateException("the body is not a Bot API Update");
    }
  }
}
