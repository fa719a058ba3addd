package dev.meshplane.store;

/** A tag on a resource. App Mesh requires a key; the value may be empty. */
public record Tag(String key, String value) {}
