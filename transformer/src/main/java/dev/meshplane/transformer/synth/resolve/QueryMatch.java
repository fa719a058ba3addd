package dev.meshplane.transformer.synth.resolve;

import java.util.Optional;

/** A condition on one query parameter: equal to {@code exact}, or only present when empty. */
public record QueryMatch(String name, Optional<String> exact) {}
