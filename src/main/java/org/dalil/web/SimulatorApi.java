package org.dalil.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dalil.channel.InboundMessage;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.StrictUtf8;
import org.dalil.conversation.ConversationService;
import org.dalil.conversation.HandleResult;
import org.dalil.flow.UserInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/simulator/messages}: a contact of the {@code simulator} channel writes; the
 * answer is the replies it would receive, in order. Goes through the same conversation service,
 * storage and outbox as the real channels.
 */
public final class SimulatorApi {
  public static final String CHANNEL = "simulator";
  static final int MAX_CONTACT = 64;
  static final int MAX_TEXT = 4096;
  static final int MAX_ID = 100;

  private static final Logger log = LoggerFactory.getLogger(SimulatorApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConversationService conversations;
  private final Clock clock;

  public SimulatorApi(ConversationService conversations, Clock clock) {
    this.conversations = conversations;
    this.clock = clock;
  }

  public void post(Context ctx) {
    JsonNode body = parse(ctx.bodyAsBytes());
    String contact = field(body, "contact", MAX_CONTACT, true);
    // PostgreSQL cannot store U+0000 in text; other control characters only confuse the flows.
    String text = withoutControlCharacters(field(body, "text", MAX_TEXT, true));
    String id = field(body, "id", MAX_ID, false);
    // Without an id from the client every post is a new message; with one, a retried post is
    // recognised and answered with the replies already stored.
    // The id is scoped to the contact without storing the contact's address in clear (issue 6).
    String providerId = id == null ? UUID.randomUUID().toString()
        : UUID.nameUUIDFromBytes((contact + "/" + id).getBytes(StandardCharsets.UTF_8)).toString();
    InboundMessage inbound = new InboundMessage(CHANNEL, contact, providerId, UserInput.text(text), clock.instant());
    HandleResult result = conversations.handle(inbound);
    List<Map<String, Object>> replies = new ArrayList<>();
    for (OutboundMessage m : result.replies()) {
      Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("text", m.text());
      reply.put("options", m.options());
      reply.put("language", m.language());
      reply.put("plain", m.asPlainText());
      replies.add(reply);
    }
    log.debug("simulator message {} handled: {} replies, duplicate={}", result.inboundMessageId(), replies.size(), result.duplicate());
    ctx.json(Map.of("replies", replies, "duplicate", result.duplicate()));
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      // Checked here: Jackson would read invalid bytes as replacement characters.
      StrictUtf8.decode(bytes);
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new BadRequestResponse("expected a JSON object {\"contact\": \"...\", \"text\": \"...\"}");
      }
      return node;
    } catch (CharacterCodingException e) {
      throw new BadRequestResponse("the body is not valid UTF-8");
    } catch (IOException e) {
      throw new BadRequestResponse("the body is not valid JSON");
    }
  }

  static String withoutControlCharacters(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static String field(JsonNode body, String name, int max, boolean required) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw new BadRequestResponse("'" + name + "' is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new BadRequestResponse("'" + name + "' must be a string");
    }
    String s = v.asText();
    if (required && s.isBlank()) {
      throw new BadRequestResponse("'" + name + "' must not be blank");
    }
    if (s.length() > max) {
      throw new BadRequestResponse("'" + name + "' is longer than " + max + " characters");
    }
    return s;
  }
}
