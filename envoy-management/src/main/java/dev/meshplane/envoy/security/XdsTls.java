package dev.meshplane.envoy.security;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS of the xDS port from PEM files: the server's certificate chain and PKCS#8 private key, and
 * optionally the CA whose client certificates prove a node (mTLS).
 *
 * <p>With a client CA, a client certificate is requested but not required (OPTIONAL): a proxy may
 * also prove itself with SigV4, and one with neither gets an UNAUTHENTICATED status that says what
 * is missing instead of a bare handshake failure. A certificate that is presented must chain to
 * the CA, or the handshake fails.
 */
public record XdsTls(Path certificateChain, Path privateKey, Optional<Path> clientCa) {

  public XdsTls {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(clientCa, "clientCa");
  }

  public SslContext sslContext() {
    try {
      SslContextBuilder builder = GrpcSslContexts.forServer(certificateChain.toFile(), privateKey.toFile());
      if (clientCa.isPresent()) {
        builder.trustManager(clientCa.get().toFile()).clientAuth(ClientAuth.OPTIONAL);
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the xDS TLS certificate " + certificateChain + " or key " + privateKey, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid xDS TLS material (certificate " + certificateChain + ", key "
          + privateKey + clientCa.map(ca -> ", client CA " + ca).orElse("") + "; PEM, key in PKCS#8): "
          + e.getMessage(), e);
    }
  }
}
