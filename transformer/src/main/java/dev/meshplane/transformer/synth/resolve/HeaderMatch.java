package dev.meshplane.transformer.synth.resolve;

/** A condition on one request header (or gRPC metadata entry); {@code invert} negates it. */
public record HeaderMatch(String name, MatchMethod method, boolean invert) {}
