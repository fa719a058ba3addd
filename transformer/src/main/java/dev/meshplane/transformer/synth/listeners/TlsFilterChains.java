package dev.meshplane.transformer.synth.listeners;

import com.google.protobuf.UInt32Value;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.resolve.TlsTermination;
import dev.meshplane.transformer.synth.tls.TlsContexts;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The filter chains of one listener port under its TLS mode: plaintext only, TLS only (STRICT),
 * or both told apart by the TLS inspector (PERMISSIVE).
 */
final class TlsFilterChains {
  private TlsFilterChains() {}

  /** {@code destinationPort} empty: the listener serves one port and needs no port match. */
  static List<FilterChain> of(
      String name, Optional<Integer> destinationPort, Filter filter, Optional<TlsTermination> tls, ProxyResources out) {
    FilterChainMatch.Builder match = FilterChainMatch.newBuilder();
    destinationPort.ifPresent(p -> match.setDestinationPort(UInt32Value.of(p)));
    List<FilterChain> chains = new ArrayList<>();
    if (tls.isEmpty()) {
      chains.add(FilterChain.newBuilder().setName(name).setFilterChainMatch(match).addFilters(filter).build());
      return chains;
    }
    FilterChain.Builder secure = FilterChain.newBuilder()
        .setName(name + "_tls")
        .addFilters(filter)
        .setTransportSocket(TlsContexts.downstream(tls.get(), out));
    if (tls.get().mode() == TlsTermination.Mode.PERMISSIVE) {
      secure.setFilterChainMatch(match.clone().setTransportProtocol("tls"));
      chains.add(secure.build());
      chains.add(FilterChain.newBuilder().setName(name).setFilterChainMatch(match).addFilters(filter).build());
    } else {
      secure.setFilterChainMatch(match);
      chains.add(secure.build());
    }
    return chains;
  }

  static boolean permissive(Optional<TlsTermination> tls) {
    return tls.map(t -> t.mode() == TlsTermination.Mode.PERMISSIVE).orElse(false);
  }
}
