package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;

/** A port a virtual service answers on and its protocol. */
public record PortProtocol(int port, Protocol protocol) {}
