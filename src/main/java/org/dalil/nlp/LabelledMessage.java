package org.dalil.nlp;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the benchmark's labelled set ({@code bench/nlp/labelled.tsv}): the language and
 * topic a person would say the message has, and whether it is urgent.
 *
 * @param topic the expected topic, or null when no topic should be recognised
 */
public record LabelledMessage(String language, String topic, boolean urgent, String text, int line) {

  /** No topic expected. */
  public static final String NO_TOPIC = "-";

  /**
   * Reads the tab-separated lines {@code language topic urgent text}; {@code #} lines and blank
   * lines are skipped.
   *
   * @throws IllegalArgumentException naming the line that is not four fields or whose urgent
   *     field is not yes/no
   */
  public static List<LabelledMessage> parse(String tsv) {
    List<LabelledMessage> out = new ArrayList<>();
    String[] lines = tsv.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", 4);
      if (f.length != 4 || !(f[2].equals("yes") || f[2].equals("no"))) {
        throw new IllegalArgumentException("line " + (i + 1) + ": write language<TAB>topic<TAB>yes|no<TAB>message");
      }
      out.add(new LabelledMessage(f[0].strip(), f[1].strip().equals(NO_TOPIC) ? null : f[1].strip(),
          f[2].equals("yes"), f[3].strip(), i + 1));
    }
    return out;
  }
}
