package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.Retries;
import dev.meshplane.transformer.synth.resolve.RetryCondition;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import java.util.Optional;
import java.util.TreeSet;

/** Resolved retries as Envoy retry policies. */
final class RetryPolicies {
  private RetryPolicies() {}

  /** Most routes declare none: built once. */
  private static final Optional<RetryPolicy> APP_MESH_DEFAULT = build(Retries.APP_MESH_DEFAULT);

  /** Empty when nothing is retried on. */
  static Optional<RetryPolicy> of(Retries retries) {
    return retries == Retries.APP_MESH_DEFAULT ? APP_MESH_DEFAULT : build(retries);
  }

  private static Optional<RetryPolicy> build(Retries retries) {
    if (!retries.retries()) {
      return Optional.empty();
    }
    // Sorted by Envoy's names so the output does not depend on the order events were declared in.
    TreeSet<String> retryOn = new TreeSet<>();
    retries.on().stream().map(RetryCondition::envoyName).forEach(retryOn::add);
    RetryPolicy.Builder policy = RetryPolicy.newBuilder()
        .setRetryOn(String.join(",", retryOn))
        .addAllRetriableStatusCodes(retries.retriableStatusCodes())
        .setNumRetries(Protos.uint32(retries.numRetries()));
    retries.perTryTimeout().ifPresent(d -> policy.setPerTryTimeout(Protos.duration(d)));
    return Optional.of(policy.build());
  }
}
