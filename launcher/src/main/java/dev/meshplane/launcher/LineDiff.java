package dev.meshplane.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts, unified style ({@code -} removed, {@code +} added, two-space context):
 * the common head and tail are skipped, and the middle is aligned by longest common subsequence
 * (a config change touches a few lines; a middle too large to align is shown as one replacement).
 */
final class LineDiff {
  private static final int MAX_ALIGNED_LINES = 3_000;
  private static final int CONTEXT = 3;

  private LineDiff() {}

  /** Empty when the texts are equal. */
  static List<String> diff(String before, String after) {
    List<String> a = List.of(before.split("\n", -1));
    List<String> b = List.of(after.split("\n", -1));
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    if (head == a.size() && head == b.size()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add("@@ line " + (head + 1) + " @@");
    for (int i = Math.max(0, head - CONTEXT); i < head; i++) {
      out.add("  " + a.get(i));
    }
    List<String> middleA = a.subList(head, a.size() - tail);
    List<String> middleB = b.subList(head, b.size() - tail);
    if (middleA.size() > MAX_ALIGNED_LINES || middleB.size() > MAX_ALIGNED_LINES) {
      middleA.forEach(line -> out.add("- " + line));
      middleB.forEach(line -> out.add("+ " + line));
    } else {
      aligned(middleA, middleB, out);
    }
    for (int i = a.size() - tail; i < Math.min(a.size(), a.size() - tail + CONTEXT); i++) {
      out.add("  " + a.get(i));
    }
    return out;
  }

  private static void aligned(List<String> a, List<String> b, List<String> out) {
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        out.add("  " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        out.add("- " + a.get(i++)); // removals first, as unified diffs show a replaced line
      } else {
        out.add("+ " + b.get(j++));
      }
    }
  }
}
