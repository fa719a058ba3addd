package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/** How the endpoints of a virtual node are found: what the management service resolves. */
public sealed interface Discovery {

  /** {@code responseType} is LOADBALANCER (App Mesh's default) or ENDPOINTS. */
  record Dns(String hostname, String responseType, Optional<String> ipPreference) implements Discovery {}

  /** {@code attributes} sorted by key then value, so equal specs give equal records. */
  record CloudMap(
      String namespace, String service, List<Attribute> attributes, Optional<String> ipPreference)
      implements Discovery {
    public CloudMap {
      attributes = List.copyOf(attributes);
    }
  }

  record Attribute(String key, String value) {}
}
