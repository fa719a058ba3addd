package dev.meshplane.k8s.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** The injector's answer for one pod. */
public sealed interface Injection {

  /** The pod is admitted as it is. */
  record Unchanged(String why) implements Injection {}

  /** The pod is admitted with these JSON patch operations (RFC 6902). */
  record Patched(ArrayNode patch, String resourceName) implements Injection {}

  /** The pod is refused; the message says why and what to change. */
  record Refused(String message) implements Injection {}
}
