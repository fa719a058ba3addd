package dev.meshplane.transformer.synth.resolve;

/** A gateway route's condition on the Host: an exact name, a suffix, or any host (empty suffix). */
public record HostnameMatch(boolean exact, String value) {
  public static final HostnameMatch ANY = new HostnameMatch(false, "");

  /** Whether every host this match accepts is also accepted by {@code other}. */
  public boolean implies(HostnameMatch other) {
    return other.equals(ANY) || other.equals(this) || (!other.exact && value.endsWith(other.value));
  }
}
