package dev.meshplane.transformer.synth;

import dev.meshplane.transformer.synth.resolve.Discovery;
import java.util.Optional;

/**
 * What the management service resolves into the ClusterLoadAssignment of one EDS cluster: a DNS
 * name or a Cloud Map service, each endpoint on {@code port}; {@code healthCheckPort} goes into
 * each endpoint's health check config when the target's health check names its own port.
 */
public record EndpointResolution(
    String clusterName, int port, Discovery discovery, Optional<Integer> healthCheckPort) {}
