package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import java.util.Optional;

/** A virtual gateway listener. */
public record GatewayPort(int port, Protocol protocol, Optional<TlsTermination> tls) {}
