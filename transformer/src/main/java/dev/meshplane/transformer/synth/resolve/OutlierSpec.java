package dev.meshplane.transformer.synth.resolve;

import java.time.Duration;

/** A listener's outlier detection, applied by the proxies that call the node. */
public record OutlierSpec(
    long maxServerErrors, Duration interval, Duration baseEjectionDuration, int maxEjectionPercent) {}
