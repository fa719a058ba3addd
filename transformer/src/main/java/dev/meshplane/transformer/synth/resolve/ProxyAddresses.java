package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.IpPreference;
import java.util.Optional;

/**
 * Where a proxy's listeners bind and where it reaches its local application, from the proxy's IP
 * preference (the virtual node's discovery {@code ipPreference}, else the mesh's), as App Mesh
 * configured them: with any preference the listeners bind every IPv4 and IPv6 address ({@code ::}
 * with IPv4-mapped addresses), without one only IPv4; the local application is {@code ::1} for
 * the IPv6 preferences, else {@code 127.0.0.1}.
 */
public record ProxyAddresses(String bind, boolean ipv4Compatible, String localApplication) {
  public static final ProxyAddresses IPV4 = new ProxyAddresses("0.0.0.0", false, "127.0.0.1");

  public static ProxyAddresses of(Optional<IpPreference> ipPreference) {
    if (ipPreference.isEmpty()) {
      return IPV4;
    }
    return new ProxyAddresses("::", true, ipPreference.get().ipv6First() ? "::1" : "127.0.0.1");
  }
}
