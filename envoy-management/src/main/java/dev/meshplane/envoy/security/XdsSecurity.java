package dev.meshplane.envoy.security;

import dev.meshplane.model.AccountScope;

import dev.meshplane.auth.sigv4.SigV4Verifier;
import io.grpc.ServerInterceptor;
import java.util.Objects;
import java.util.Optional;

/**
 * How the xDS port is protected: TLS (optionally with client certificates), SigV4-signed
 * metadata, and whether a call that proves nothing is still served.
 *
 * @param tls TLS of the port; empty: plaintext
 * @param sigV4 verifies Envoy's SigV4 metadata (service {@code appmesh}); empty: signed calls are refused
 * @param region the region of node ARNs built from short node ids, for policy checks
 * @param allowUnauthenticated serve calls that prove no identity, for any node (a laptop, tests)
 */
public record XdsSecurity(Optional<XdsTls> tls, Optional<SigV4Verifier> sigV4, String region, boolean allowUnauthenticated) {

  public XdsSecurity {
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(sigV4, "sigV4");
    Objects.requireNonNull(region, "region");
  }

  /** Plaintext, and every caller may be any node: the library default for embedded use and tests. */
  public static XdsSecurity unauthenticated() {
    return new XdsSecurity(Optional.empty(), Optional.empty(), AccountScope.DEFAULT_REGION, true);
  }

  /** Whether any identity can be proven at all: client certificates or SigV4. */
  public boolean canAuthenticate() {
    return sigV4.isPresent() || tls.flatMap(XdsTls::clientCa).isPresent();
  }

  public ServerInterceptor interceptor() {
    return new XdsAuthenticationInterceptor(sigV4, region, allowUnauthenticated);
  }
}
