package dev.meshplane.envoy.certs;

/** Where secrets of one {@link SecretKey.Source} come from. Called off the actors' dispatcher: it may block. */
@FunctionalInterface
public interface SecretSource {

  /** Throws when the secret cannot be fetched now, or is incomplete; the caller keeps what it had. */
  FetchedSecret fetch(String name) throws Exception;
}
