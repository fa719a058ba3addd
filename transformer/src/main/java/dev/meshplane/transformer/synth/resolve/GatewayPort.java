package dev.meshplane.transformer.synth.resolve;

import java.util.Optional;

/** A virtual gateway listener. */
public record GatewayPort(int port, Protocol protocol, Optional<TlsTermination> tls) {}
