package org.dalil.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** A sources map (path to text) as the JSON stored in {@code flow_draft.sources}. */
final class SourcesJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {};

  private SourcesJson() {}

  static String write(Map<String, String> sources) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(sources));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  static Map<String, String> read(String json) {
    try {
      return MAPPER.readValue(json, TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored draft is not a JSON object of strings", e);
    }
  }
}
