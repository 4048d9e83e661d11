package org.dalil.flow;

/**
 * One step of a flow. The kind is the record type; the engine switches over this sealed
 * interface so that the compiler points at every place a new kind must be handled.
 */
public sealed interface Node
    permits MessageNode, MenuNode, InputNode, LookupNode, HandoffNode, SetLanguageNode, JumpNode, EndNode {

  /** Id, unique within its flow. */
  String id();

  /** Where the node is written, for error messages. */
  SourceLine line();
}
