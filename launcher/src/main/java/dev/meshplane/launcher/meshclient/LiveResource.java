package dev.meshplane.launcher.meshclient;

import dev.meshplane.manifests.DeclaredResource;

/** A resource as the server holds it now: its content in the declared shape, its version and ARN. */
public record LiveResource(DeclaredResource resource, long version, String arn) {}
