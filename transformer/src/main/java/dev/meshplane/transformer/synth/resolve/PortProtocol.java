package dev.meshplane.transformer.synth.resolve;

/** A port a virtual service answers on and its protocol. */
public record PortProtocol(int port, Protocol protocol) {}
