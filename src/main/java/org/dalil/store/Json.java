package org.dalil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.dalil.channel.OutboundMessage;

/** The JSON written to and read from jsonb columns. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON for " + value.getClass().getSimpleName(), e);
    }
  }

  static Map<String, String> stringMap(String json) {
    return read(json, STRING_MAP);
  }

  static List<String> stringList(String json) {
    return read(json, STRING_LIST);
  }

  static OutboundMessage outboundMessage(String json) {
    try {
      return MAPPER.readValue(json, OutboundMessage.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored outbound message is not valid JSON", e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not valid", e);
    }
  }
}
