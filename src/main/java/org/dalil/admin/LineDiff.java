package org.dalil.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A line diff (longest common subsequence) between two versions' files. */
public final class LineDiff {

  /** One line of a diff: kept, added or removed. */
  public record Line(char op, String text) {
    public String css() {
      return op == '+' ? "add" : op == '-' ? "del" : "same";
    }
  }

  /** The changed lines of one file; {@code lines} holds only changes and up to 2 lines of context. */
  public record FileDiff(String path, List<Line> lines, int added, int removed) {}

  private static final int CONTEXT = 2;

  private LineDiff() {}

  /** The files that differ between {@code before} and {@code after}, sorted by path. */
  public static List<FileDiff> between(Map<String, String> before, Map<String, String> after) {
    TreeSet<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    List<FileDiff> out = new ArrayList<>();
    for (String path : paths) {
      String a = before.getOrDefault(path, "");
      String b = after.getOrDefault(path, "");
      if (!a.equals(b) || before.containsKey(path) != after.containsKey(path)) {
        out.add(file(path, a, b));
      }
    }
    return out;
  }

  static FileDiff file(String path, String before, String after) {
    List<Line> all = lines(split(before), split(after));
    int added = 0;
    int removed = 0;
    boolean[] keep = new boolean[all.size()];
    for (int i = 0; i < all.size(); i++) {
      char op = all.get(i).op();
      if (op != ' ') {
        if (op == '+') {
          added++;
        } else {
          removed++;
        }
        for (int j = Math.max(0, i - CONTEXT); j <= Math.min(all.size() - 1, i + CONTEXT); j++) {
          keep[j] = true;
        }
      }
    }
    List<Line> shown = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (keep[i]) {
        shown.add(all.get(i));
      } else if (i > 0 && keep[i - 1]) {
        shown.add(new Line('…', ""));
      }
    }
    return new FileDiff(path, shown, added, removed);
  }

  private static String[] split(String text) {
    return text.isEmpty() ? new String[0] : text.split("\n", -1);
  }

  /** Every line of both texts in order, marked kept, added or removed. */
  static List<Line> lines(String[] a, String[] b) {
    int n = a.length;
    int m = b.length;
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Line> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      if (a[i].equals(b[j])) {
        out.add(new Line(' ', a[i]));
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.add(new Line('-', a[i++]));
      } else {
        out.add(new Line('+', b[j++]));
      }
    }
    while (i < n) {
      out.add(new Line('-', a[i++]));
    }
    while (j < m) {
      out.add(new Line('+', b[j++]));
    }
    return out;
  }
}
