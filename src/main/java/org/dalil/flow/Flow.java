package org.dalil.flow;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A decision tree read from {@code flows/<id>.yaml}. The first node is the start. */
public record Flow(String id, String file, List<Node> nodes, List<String> sources, LocalDate reviewed) {

  public Flow {
    nodes = List.copyOf(nodes);
    sources = List.copyOf(sources);
  }

  public Node start() {
    return nodes.getFirst();
  }

  public Optional<Node> node(String nodeId) {
    for (Node n : nodes) {
      if (n.id().equals(nodeId)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  public Map<String, Node> nodesById() {
    Map<String, Node> byId = new LinkedHashMap<>();
    for (Node n : nodes) {
      byId.putIfAbsent(n.id(), n);
    }
    return byId;
  }
}
