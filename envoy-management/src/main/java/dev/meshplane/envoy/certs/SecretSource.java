package dev.meshplane.envoy.certs;

/** Where secrets of one {@link SecretKey.Source} come from. Called off the actors' dispatcher: it may block. */
@FunctionalInterface
public interface SecretSource {

  /** Throws when the secret cannot be fetched now, or is incomplete; the caller keeps what it had. */
  FetchedSecret fetch(String name) throws Exception;

  /** What follows {@code prefix} in a synthesized secret name; refuses a name of another kind. */
  static String after(String prefix, String name, String kind) {
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      throw new IllegalArgumentException("not an " + kind + " name: " + name);
    }
    return name.substring(prefix.length());
  }
}
