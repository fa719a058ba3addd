package dev.meshplane.frontend.rules;

import dev.meshplane.model.ResourceId;
import dev.meshplane.store.Precondition;
import dev.meshplane.store.StoredResource;
import java.util.List;
import java.util.function.Function;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a route of one protocol, optionally matching one port, fits the listeners of the router
 * or gateway it is attached to. App Mesh refuses a route its router cannot serve.
 */
final class ListenerPorts {
  record PortAndProtocol(int port, String protocol) {
    @Override
    public String toString() {
      return port + " (" + protocol + ")";
    }
  }

  /** A route's type (its member path), protocol and the port it matches, if any. */
  record RouteBinding(String typePath, String protocol, Integer matchPort) {}

  private ListenerPorts() {}

  /** The rule, checked inside the write, that the route fits the listeners of its router or gateway. */
  static Precondition precondition(
      ResourceId owner, String ownerName, Function<StoredResource, List<PortAndProtocol>> listenersOf, RouteBinding route) {
    return new Precondition(
        owner,
        stored -> check(ownerName, listenersOf.apply(stored), route.typePath(), route.protocol(), route.matchPort()));
  }

  static Optional<String> check(
      String owner, List<PortAndProtocol> listeners, String routePath, String protocol, Integer matchPort) {
    List<PortAndProtocol> sameProtocol = listeners.stream().filter(l -> l.protocol().equals(protocol)).toList();
    if (sameProtocol.isEmpty()) {
      return Optional.of(routePath + ": a " + protocol + " route needs a listener with protocol " + protocol + ", but "
          + listening(owner, listeners));
    }
    if (matchPort != null) {
      if (sameProtocol.stream().noneMatch(l -> l.port() == matchPort)) {
        return Optional.of(
            routePath + ".match.port: " + matchPort + " is not a " + protocol + " listener port; "
                + listening(owner, listeners));
      }
    } else if (listeners.size() > 1) {
      return Optional.of(
          routePath + ".match.port: is required because " + owner + " has " + listeners.size() + " listeners ("
              + listening(owner, listeners).substring(owner.length() + 1) + ")");
    }
    return Optional.empty();
  }

  /** What the owner listens on, for a refusal only: the check runs in the journal writer for every route write. */
  private static String listening(String owner, List<PortAndProtocol> listeners) {
    return listeners.isEmpty()
        ? owner + " has no listeners"
        : owner + " listens on " + listeners.stream().map(PortAndProtocol::toString).collect(Collectors.joining(", "));
  }
}
