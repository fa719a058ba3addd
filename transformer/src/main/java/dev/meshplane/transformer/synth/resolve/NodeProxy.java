package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/**
 * Everything one virtual node's proxy needs, references followed and defaults applied; {@code
 * warnings} name each reference that could not be followed and was left out.
 */
public record NodeProxy(
    String mesh,
    String name,
    ProxyAddresses addresses,
    List<LocalListener> listeners,
    List<ResolvedBackend> backends,
    EgressMode egress,
    Optional<AccessLogSpec> accessLog,
    List<String> warnings) {

  public NodeProxy {
    listeners = List.copyOf(listeners);
    backends = List.copyOf(backends);
    warnings = List.copyOf(warnings);
  }
}
