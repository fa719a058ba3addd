package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import java.util.Optional;

/** A virtual node's listener: what its own proxy does with inbound traffic to the local application. */
public record LocalListener(
    int port,
    Protocol protocol,
    Timeouts timeouts,
    ConnectionLimits connectionLimits,
    Optional<TlsTermination> tls) {}
