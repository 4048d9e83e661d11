package org.dalil.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The organisations of one content version, in file order. Immutable. */
public record Directory(List<Organisation> organisations) {

  public static final Directory EMPTY = new Directory(List.of());

  public Directory {
    organisations = List.copyOf(organisations);
  }

  public Optional<Organisation> byId(String id) {
    return organisations.stream().filter(o -> o.id().equals(id)).findFirst();
  }

  /**
   * Active organisations working on {@code topic} (any topic when null or blank) in {@code city}:
   * those in the city first, then those with national reach; a null city gives the national ones.
   */
  public List<Organisation> find(String topic, String city) {
    List<Organisation> local = new ArrayList<>();
    List<Organisation> national = new ArrayList<>();
    for (Organisation o : organisations) {
      if (!o.active() || (topic != null && !topic.isBlank() && !o.topics().contains(topic))) {
        continue;
      }
      if (city != null && o.cities().contains(city)) {
        local.add(o);
      } else if (o.cities().contains(Organisation.NATIONWIDE)) {
        national.add(o);
      }
    }
    local.addAll(national);
    return List.copyOf(local);
  }
}
