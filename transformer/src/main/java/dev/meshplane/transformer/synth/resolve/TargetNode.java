package dev.meshplane.transformer.synth.resolve;

import java.util.Optional;

/**
 * One listener of a virtual node as the target of traffic: the node's discovery and the health
 * check and outlier detection of that listener.
 */
public record TargetNode(
    String nodeName,
    int port,
    Protocol protocol,
    Discovery discovery,
    Optional<HealthCheckSpec> healthCheck,
    Optional<OutlierSpec> outlierDetection) {}
