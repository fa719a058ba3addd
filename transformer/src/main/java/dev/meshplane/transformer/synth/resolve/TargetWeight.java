package dev.meshplane.transformer.synth.resolve;

/** A weighted target of a route (App Mesh allows weight 0..100). */
public record TargetWeight(TargetNode target, int weight) {}
