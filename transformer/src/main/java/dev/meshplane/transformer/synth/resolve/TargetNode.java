package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import java.util.Optional;

/**
 * One listener of a virtual node as the target of traffic: the node's discovery and the health
 * check, outlier detection and TLS termination of that listener.
 */
public record TargetNode(
    String nodeName,
    int port,
    Protocol protocol,
    Discovery discovery,
    Optional<HealthCheckSpec> healthCheck,
    Optional<OutlierSpec> outlierDetection,
    Optional<TlsTermination> tls) {}
