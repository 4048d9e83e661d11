package org.dalil.flow;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML text into SnakeYAML's node tree, which keeps the position of every node. Nothing is
 * constructed from tags, so a file cannot instantiate classes.
 */
public final class YamlDocument {
  private YamlDocument() {}

  /**
   * The root node of {@code text}, or null when the file is empty or malformed (then an error with
   * the line is added to {@code problems}).
   */
  public static Node parse(String text, String file, List<Problem> problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // YamlMap reports duplicates itself, with both lines
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(40);
    try {
      Composer composer =
          new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
      return composer.getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      String what = e.getProblem() != null ? e.getProblem() : e.getContext();
      problems.add(Problem.error(new SourceLine(file, line), "malformed YAML: " + oneLine(what)));
      return null;
    } catch (YAMLException | IllegalArgumentException | IllegalStateException e) {
      problems.add(Problem.error(new SourceLine(file, 0), "malformed YAML: " + oneLine(e.getMessage())));
      return null;
    }
  }

  /** The 1-based line a node starts on. */
  public static SourceLine line(String file, Node node) {
    Mark mark = node == null ? null : node.getStartMark();
    return new SourceLine(file, mark == null ? 0 : mark.getLine() + 1);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    return message.replaceAll("\\s+", " ").strip();
  }
}
