package org.dalil.admin;

import java.util.ArrayList;
import java.util.List;
import org.dalil.flow.EndNode;
import org.dalil.flow.Flow;
import org.dalil.flow.HandoffNode;
import org.dalil.flow.InputNode;
import org.dalil.flow.JumpNode;
import org.dalil.flow.LookupNode;
import org.dalil.flow.MenuNode;
import org.dalil.flow.MessageNode;
import org.dalil.flow.Node;
import org.dalil.flow.SetLanguageNode;
import org.dalil.flow.Target;

/** A flow as nodes and arrows, for the diagram of the admin pages (drawn in the browser). */
public record FlowGraph(List<GraphNode> nodes, List<Edge> edges) {

  /** @param id {@code flow.node}; {@code external} for a node of another flow that an arrow reaches */
  public record GraphNode(String id, String label, String kind, int line, boolean external) {}

  public record Edge(String source, String target, String label) {}

  public static FlowGraph of(Flow flow) {
    List<GraphNode> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Node n : flow.nodes()) {
      String id = flow.id() + "." + n.id();
      seen.add(id);
      nodes.add(new GraphNode(id, n.id(), kind(n), n.line().line(), false));
    }
    for (Node n : flow.nodes()) {
      String from = flow.id() + "." + n.id();
      switch (n) {
        case MenuNode m -> m.options().forEach(o -> edges.add(new Edge(from, id(o.next()), o.label())));
        case MessageNode m -> add(edges, from, m.next(), "");
        case InputNode i -> add(edges, from, i.next(), i.variable());
        case JumpNode j -> add(edges, from, j.target(), "");
        case LookupNode l -> {
          add(edges, from, l.found(), "found");
          add(edges, from, l.none(), "none");
        }
        case SetLanguageNode s -> add(edges, from, s.next(), s.language());
        case HandoffNode h -> { }
        case EndNode e -> { }
      }
    }
    for (Edge e : List.copyOf(edges)) {
      if (!seen.contains(e.target())) {
        seen.add(e.target());
        nodes.add(new GraphNode(e.target(), e.target(), "flow", 0, true));
      }
    }
    return new FlowGraph(nodes, edges);
  }

  private static void add(List<Edge> edges, String from, Target to, String label) {
    if (to != null) {
      edges.add(new Edge(from, id(to), label == null ? "" : label));
    }
  }

  private static String id(Target t) {
    if (t == null) {
      return "?";
    }
    return t.node() == null ? t.flow() : t.flow() + "." + t.node();
  }

  private static String kind(Node n) {
    return switch (n) {
      case MenuNode m -> "menu";
      case MessageNode m -> "message";
      case InputNode i -> "input";
      case JumpNode j -> "jump";
      case LookupNode l -> "lookup";
      case SetLanguageNode s -> "language";
      case HandoffNode h -> "handoff";
      case EndNode e -> "end";
    };
  }
}
