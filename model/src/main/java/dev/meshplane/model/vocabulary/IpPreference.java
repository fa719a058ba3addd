package dev.meshplane.model.vocabulary;

import java.util.Arrays;
import java.util.Optional;

/**
 * The IP version preference of a mesh, or of a virtual node's DNS or Cloud Map discovery. The
 * constants are spelled as App Mesh spells them, so {@link #name()} is the stored word.
 */
public enum IpPreference {
  IPv6_PREFERRED,
  IPv4_PREFERRED,
  IPv4_ONLY,
  IPv6_ONLY;

  /** Whether an IPv6 address is taken before an IPv4 one. */
  public boolean ipv6First() {
    return this == IPv6_PREFERRED || this == IPv6_ONLY;
  }

  public boolean allowsIpv4() {
    return this != IPv6_ONLY;
  }

  public boolean allowsIpv6() {
    return this != IPv4_ONLY;
  }

  /** The stored preference; empty for an absent (or unknown) one. */
  public static Optional<IpPreference> parse(String stored) {
    return Arrays.stream(values()).filter(p -> p.name().equals(stored)).findFirst();
  }
}
