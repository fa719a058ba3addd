package dev.meshplane.envoy.security;

import dev.meshplane.auth.Decision;
import dev.meshplane.auth.Principal;
import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import io.grpc.Context;
import io.grpc.Status;
import java.util.Optional;

/**
 * Who an xDS call proved to be, kept in the call's gRPC {@link Context} by
 * {@link XdsAuthenticationInterceptor} and checked against the stream's node before anything is
 * sent ({@link #denial}).
 */
public sealed interface ProvenIdentity {

  /** The App Mesh action a proxy needs on its node's ARN to receive its configuration. */
  String STREAM_ACTION = "appmesh:StreamAggregatedResources";

  Context.Key<ProvenIdentity> CONTEXT_KEY = Context.key("meshplane-xds-identity");

  /** The identity of the current call; empty outside a call the interceptor saw. */
  static Optional<ProvenIdentity> current() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }

  /**
   * Empty when this identity may receive the configuration of {@code node} ({@code nodeId} as the
   * client sent it); otherwise a PERMISSION_DENIED status naming the node and the identity.
   */
  Optional<Status> denial(ResourceId node, String nodeId);

  /** A client certificate whose URI SAN names {@code node}: it may be that node only. */
  record ClientCertificate(ResourceId node) implements ProvenIdentity {
    @Override
    public Optional<Status> denial(ResourceId requested, String nodeId) {
      if (node.equals(requested)) {
        return Optional.empty();
      }
      return Optional.of(Status.PERMISSION_DENIED.withDescription("node \"" + nodeId
          + "\" is not the node of the client certificate (" + node.key() + ")"));
    }

    @Override
    public String toString() {
      return "client certificate of " + node.key();
    }
  }

  /**
   * A principal whose key signed the call (SigV4): it may be any node its policies allow
   * {@value #STREAM_ACTION} on. A node id given as an ARN is authorized as that ARN; a short id
   * as the ARN in {@code region} and the principal's account.
   */
  record SignedPrincipal(Principal principal, String region) implements ProvenIdentity {
    @Override
    public Optional<Status> denial(ResourceId node, String nodeId) {
      String arn = nodeId.startsWith("arn:") ? nodeId : Arns.arn(region, principal.account(), node);
      Decision decision = principal.authorize(STREAM_ACTION, arn);
      if (decision.allowed()) {
        return Optional.empty();
      }
      return Optional.of(Status.PERMISSION_DENIED.withDescription(principal.arn() + " is not authorized to perform "
          + STREAM_ACTION + " on node " + arn
          + (decision == Decision.EXPLICIT_DENY ? " (an explicit deny)" : " (no policy allows it)")));
    }

    @Override
    public String toString() {
      return principal.arn();
    }
  }

  /** No proof, admitted because unauthenticated xDS is enabled: any node. */
  record Unauthenticated() implements ProvenIdentity {
    @Override
    public Optional<Status> denial(ResourceId node, String nodeId) {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "an unauthenticated client";
    }
  }
}
