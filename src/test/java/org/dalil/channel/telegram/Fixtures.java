package org.dalil.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The update bodies under src/test/resources/telegram, as Telegram posts them. */
final class Fixtures {
  private static final Path DIR = Path.of("src/test/resources/telegram");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(DIR.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same body with another update_id and chat (and sender): a test of its own, on the shared
   * test database, needs a person and an update nobody else used.
   */
  static byte[] withIds(String name, long updateId, long chatId) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(bytes(name));
      root.put("update_id", updateId);
      root.findParents("chat").forEach(parent -> ((ObjectNode) parent.get("chat")).put("id", chatId));
      root.findParents("from").forEach(parent -> {
        if (!parent.get("from").path("is_bot").asBoolean()) {
          ((ObjectNode) parent.get("from")).put("id", chatId);
        }
      });
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
