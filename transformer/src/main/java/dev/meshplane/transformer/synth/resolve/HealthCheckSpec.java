package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import java.time.Duration;
import java.util.Optional;

/** A listener's active health check, run by the proxies that call the node. */
public record HealthCheckSpec(
    Protocol protocol,
    Optional<String> path,
    Optional<Integer> port,
    Duration interval,
    Duration timeout,
    int healthyThreshold,
    int unhealthyThreshold) {}
