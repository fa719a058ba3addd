package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {
  @Test
  void equalTextsHaveNoDiff() {
    assertThat(LineDiff.diff("a\nb\nc", "a\nb\nc")).isEmpty();
  }

  @Test
  void aChangedLineIsRemovedAndAddedWithContext() {
    assertThat(LineDiff.diff("1\n2\n3\n4\nold\n5\n6", "1\n2\n3\n4\nnew\n5\n6"))
        .containsExactly("@@ line 5 @@", "  2", "  3", "  4", "- old", "+ new", "  5", "  6");
  }

  @Test
  void insertionsAndDeletionsInTheMiddleAreAligned() {
    assertThat(LineDiff.diff("a\nx\nb\nc\nd", "a\nb\nc\ny\nd"))
        .containsExactly("@@ line 2 @@", "  a", "- x", "  b", "  c", "+ y", "  d");
  }
}
