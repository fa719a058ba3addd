package dev.meshplane.manifests;

import java.util.List;

/**
 * What one or more files declare: the App Mesh resources, and what was left out and why (a
 * CloudFormation resource of another service, say), so nothing is dropped silently.
 */
public record ManifestContents(List<DeclaredResource> resources, List<String> skipped) {
  public ManifestContents {
    resources = List.copyOf(resources);
    skipped = List.copyOf(skipped);
  }
}
