package dev.meshplane.transformer.synth.resolve;

/**
 * The one shape behind App Mesh's three header/metadata match unions (exact, prefix, suffix,
 * regex, range); {@link Kind#PRESENT} when the union is absent (the header only has to be there).
 *
 * @param start first value of a range, inclusive (0 for other kinds)
 * @param end end of a range, exclusive (0 for other kinds)
 */
public record MatchMethod(Kind kind, String value, long start, long end) {
  public enum Kind {
    PRESENT,
    EXACT,
    PREFIX,
    SUFFIX,
    REGEX,
    RANGE
  }

  public static final MatchMethod PRESENT = new MatchMethod(Kind.PRESENT, "", 0, 0);

  public static MatchMethod of(Kind kind, String value) {
    return new MatchMethod(kind, value, 0, 0);
  }

  public static MatchMethod range(long start, long end) {
    return new MatchMethod(Kind.RANGE, "", start, end);
  }
}
