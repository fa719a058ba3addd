package dev.meshplane.envoy.security;

import dev.meshplane.auth.Principal;
import dev.meshplane.auth.sigv4.AuthenticationException;
import dev.meshplane.auth.sigv4.SigV4Verifier;
import dev.meshplane.model.ResourceId;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes who each xDS call is, once, from its transport and headers, and puts it in the
 * call's gRPC {@link Context} ({@link ProvenIdentity#CONTEXT_KEY}): a verified client certificate
 * naming a node wins; otherwise Envoy-style SigV4 metadata; otherwise, only when unauthenticated
 * xDS is enabled, {@link ProvenIdentity.Unauthenticated}. Anything else is closed with
 * UNAUTHENTICATED before the service sees it. Which node the stream may be is checked later, when
 * its first request names the node ({@code ProxyStreamCallbacks}).
 */
public final class XdsAuthenticationInterceptor implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(XdsAuthenticationInterceptor.class);

  private final Optional<SigV4Verifier> sigV4;
  private final String region;
  private final boolean allowUnauthenticated;

  /**
   * @param sigV4 verifies signed metadata (service {@code appmesh}); empty: signatures are refused
   * @param region the region of node ARNs built from short node ids
   */
  public XdsAuthenticationInterceptor(Optional<SigV4Verifier> sigV4, String region, boolean allowUnauthenticated) {
    this.sigV4 = sigV4;
    this.region = region;
    this.allowUnauthenticated = allowUnauthenticated;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ProvenIdentity identity;
    try {
      identity = identify(call, headers);
    } catch (Refusal refusal) {
      LOG.info("xDS call {} refused: {}", call.getMethodDescriptor().getFullMethodName(), refusal.getMessage());
      call.close(Status.UNAUTHENTICATED.withDescription(refusal.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(ProvenIdentity.CONTEXT_KEY, identity);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private ProvenIdentity identify(ServerCall<?, ?> call, Metadata headers) throws Refusal {
    Optional<X509Certificate> certificate = clientCertificate(call);
    if (certificate.isPresent()) {
      ResourceId node = NodeCertificates.node(certificate.get()).orElseThrow(() -> new Refusal(
          "the client certificate (" + certificate.get().getSubjectX500Principal().getName()
              + ") has no URI SAN naming a node: expected mesh/<mesh>/virtualNode/<name> or its ARN"));
      return new ProvenIdentity.ClientCertificate(node);
    }
    if (EnvoySignedMetadata.isSigned(headers)) {
      if (sigV4.isEmpty()) {
        throw new Refusal("SigV4-signed xDS is not enabled on this server (no principals configured)");
      }
      try {
        Principal principal = sigV4.get().verify(EnvoySignedMetadata.request(
            call.getMethodDescriptor().getFullMethodName(), call.getAuthority(), headers));
        return new ProvenIdentity.SignedPrincipal(principal, region);
      } catch (AuthenticationException e) {
        throw new Refusal("the SigV4 signature was refused (" + e.reason() + "): " + e.getMessage());
      }
    }
    if (allowUnauthenticated) {
      return new ProvenIdentity.Unauthenticated();
    }
    throw new Refusal("xDS needs a proven identity: a client certificate naming the node (mTLS) or SigV4-signed"
        + " metadata (Envoy's AWS IAM gRPC credentials, service appmesh)");
  }

  /** The peer's certificate when the TLS handshake verified one against the client CA. */
  private static Optional<X509Certificate> clientCertificate(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  private static final class Refusal extends Exception {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }
}
