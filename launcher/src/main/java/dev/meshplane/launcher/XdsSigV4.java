package dev.meshplane.launcher;

import dev.meshplane.auth.sigv4.SigV4Verifier;
import io.micronaut.context.ApplicationContext;
import java.util.Optional;

/**
 * The verifier of Envoy's SigV4-signed xDS metadata: the API's own (its principals, the keys the
 * AWS CLI signs with; service {@code appmesh}, the server's region, AWS's 15-minute window).
 */
final class XdsSigV4 {
  private XdsSigV4() {}

  /** Empty when the context has no verifier (signed xDS calls are then refused). */
  static Optional<SigV4Verifier> verifier(ApplicationContext context) {
    return context.findBean(SigV4Verifier.class);
  }
}
