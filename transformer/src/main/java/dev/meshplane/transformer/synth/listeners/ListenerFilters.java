package dev.meshplane.transformer.synth.listeners;

import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.ProxyAddresses;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilterChainMatchPredicate;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.type.v3.Int32Range;
import java.util.Collection;

/** Listener filters and addresses shared by the listeners. */
final class ListenerFilters {
  static final String ORIGINAL_DST = "envoy.filters.listener.original_dst";
  static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";

  private ListenerFilters() {}

  /** Restores the address the application dialled before iptables redirected it to the proxy. */
  static ListenerFilter originalDestination() {
    return ListenerFilter.newBuilder()
        .setName(ORIGINAL_DST)
        .setTypedConfig(Protos.pack(OriginalDst.getDefaultInstance()))
        .build();
  }

  /**
   * Reads the TLS ClientHello, but only for connections to {@code ports}: elsewhere it would stall
   * server-first protocols waiting for a hello that never comes.
   */
  static ListenerFilter tlsInspectorOnlyFor(Collection<Integer> ports) {
    var rules = ports.stream().sorted().distinct()
        .map(p -> ListenerFilterChainMatchPredicate.newBuilder()
            .setDestinationPortRange(Int32Range.newBuilder().setStart(p).setEnd(p + 1))
            .build())
        .toList();
    // Envoy wants at least two rules in an or_match.
    ListenerFilterChainMatchPredicate onPorts = rules.size() == 1
        ? rules.get(0)
        : ListenerFilterChainMatchPredicate.newBuilder()
            .setOrMatch(ListenerFilterChainMatchPredicate.MatchSet.newBuilder().addAllRules(rules))
            .build();
    return ListenerFilter.newBuilder()
        .setName(TLS_INSPECTOR)
        .setTypedConfig(Protos.pack(TlsInspector.getDefaultInstance()))
        .setFilterDisabled(ListenerFilterChainMatchPredicate.newBuilder()
            .setNotMatch(onPorts))
        .build();
  }

  /** Every address of the proxy's IP versions (see {@link ProxyAddresses}). */
  static Address anyAddress(ProxyAddresses addresses, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder()
            .setAddress(addresses.bind())
            .setIpv4Compat(addresses.ipv4Compatible())
            .setPortValue(port))
        .build();
  }
}
