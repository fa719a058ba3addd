package dev.meshplane.transformer.synth.resolve;

import java.util.List;

/** A virtual service's ports and routes, the same for every caller; warnings when references dangle. */
record ServiceResolution(List<PortProtocol> ports, List<ResolvedRoute> routes, List<String> warnings) {
  ServiceResolution {
    ports = List.copyOf(ports);
    routes = List.copyOf(routes);
    warnings = List.copyOf(warnings);
  }

  boolean usable() {
    return !ports.isEmpty();
  }
}
