package org.dalil.directory;

import java.util.List;
import java.util.Map;
import org.dalil.flow.SourceLine;

/**
 * An organisation of the directory of services.
 *
 * @param cities city ids of the settings' {@code city} list, or {@code all} for national reach
 * @param topics topic ids (papers, asylum, health, ...)
 * @param languages languages spoken there
 * @param contacts ordered contact fields: phone, whatsapp, email, website, address, hours
 */
public record Organisation(
    String id,
    String name,
    List<String> cities,
    List<String> topics,
    List<String> languages,
    Map<String, String> contacts,
    boolean active,
    SourceLine line) {

  public static final String NATIONWIDE = "all";

  public Organisation {
    cities = List.copyOf(cities);
    topics = List.copyOf(topics);
    languages = List.copyOf(languages);
    contacts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(contacts));
  }
}
