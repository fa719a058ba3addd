package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import java.util.Optional;

/**
 * A gateway route with its target virtual service resolved like a backend, and its rewrites
 * decided: what the matched path becomes and what the Host becomes.
 *
 * @param listenerPort the gateway listener port the route is limited to, if its match names one
 * @param pathRewrittenTo for a prefix match, what the matched prefix becomes ({@code /} unless the
 *     route declares a value or disables the default); for an exact path, the new path; otherwise
 *     the matched value (unchanged)
 * @param hostRewrite the Host sent upstream (the target virtual service, unless the route disables
 *     it)
 * @param targetPort the virtual service port the route sends to
 */
public record ResolvedGatewayRoute(
    String name,
    Protocol protocol,
    Optional<Integer> listenerPort,
    HostnameMatch hostname,
    RequestMatch match,
    String pathRewrittenTo,
    Optional<String> hostRewrite,
    ResolvedBackend target,
    int targetPort) {}
