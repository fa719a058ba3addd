package dev.meshplane.it;

import java.util.Map;

/** A proxyless gRPC application calling the echo service of a mesh (grpc-java's or grpc-js's xDS client). */
interface EchoCalls extends AutoCloseable {
  /** {@code count} calls; which backend answered how often, failures counted under their status code. */
  Map<String, Integer> calls(int count);

  /** Starts the application as {@code mesh/<mesh>/virtualNode/<virtualNode>} calling {@code xds:///<virtualService>}. */
  @FunctionalInterface
  interface Launcher {
    EchoCalls start(String mesh, String virtualNode, String virtualService) throws Exception;
  }
}
