package org.dalil.flow;

import java.util.Map;
import java.util.Optional;
import org.dalil.directory.Directory;
import org.dalil.i18n.Catalog;

/**
 * Everything one version of the content holds: flows, settings, texts and directory. Immutable,
 * so it can be cached and shared between threads; conversations remember the {@code version}
 * they started on.
 *
 * @param version a content hash of the source files
 * @param sources the source files (path relative to the content root, e.g. {@code flows/main.yaml}
 *     or {@code i18n/fr.properties}, to text), kept so that a version can be stored and reloaded
 */
public record FlowSet(
    String version,
    Map<String, Flow> flows,
    FlowSettings settings,
    Catalog catalog,
    Directory directory,
    Map<String, String> sources) {

  public FlowSet {
    flows = Map.copyOf(flows);
    sources = Map.copyOf(sources);
  }

  public Optional<Node> node(Target target) {
    Flow flow = flows.get(target.flow());
    if (flow == null) {
      return Optional.empty();
    }
    return target.node() == null ? Optional.of(flow.start()) : flow.node(target.node());
  }
}
