package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.DnsResponseType;
import dev.meshplane.model.vocabulary.IpPreference;
import java.util.List;
import java.util.Optional;

/** How the endpoints of a virtual node are found: what the management service resolves. */
public sealed interface Discovery {

  /** {@code ipPreference}: the discovery's own, else the mesh's. */
  record Dns(String hostname, DnsResponseType responseType, Optional<IpPreference> ipPreference) implements Discovery {}

  /** {@code attributes} sorted by key then value, so equal specs give equal records. */
  record CloudMap(
      String namespace, String service, List<Attribute> attributes, Optional<IpPreference> ipPreference)
      implements Discovery {
    public CloudMap {
      attributes = List.copyOf(attributes);
    }
  }

  record Attribute(String key, String value) {}
}
