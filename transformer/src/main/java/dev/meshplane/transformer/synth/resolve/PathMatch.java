package dev.meshplane.transformer.synth.resolve;

/** The path part of a request match: a prefix, an exact path or a regular expression. */
public record PathMatch(Kind kind, String value) {
  public enum Kind {
    PREFIX,
    EXACT,
    REGEX
  }

  /** Every path: App Mesh's match on a port alone, or on no path at all. */
  public static final PathMatch ANY = new PathMatch(Kind.PREFIX, "/");

  public static PathMatch prefix(String value) {
    return new PathMatch(Kind.PREFIX, value);
  }

  public static PathMatch exact(String value) {
    return new PathMatch(Kind.EXACT, value);
  }

  public static PathMatch regex(String value) {
    return new PathMatch(Kind.REGEX, value);
  }

  public boolean isAny() {
    return equals(ANY);
  }
}
