package dev.meshplane.envoy.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS of the xDS port from PEM files: the server's certificate chain and PKCS#8 private key, and
 * optionally the CA whose client certificates prove a node (mTLS). The files are re-read every
 * {@code reloadPeriod}, so renewed certificates apply without a restart ({@link ReloadingServerTls}).
 *
 * <p>With a client CA, a client certificate is requested but not required (OPTIONAL): a proxy may
 * also prove itself with SigV4, and one with neither gets an UNAUTHENTICATED status that says what
 * is missing instead of a bare handshake failure. A certificate that is presented must chain to
 * the CA, or the handshake fails.
 */
public record XdsTls(Path certificateChain, Path privateKey, Optional<Path> clientCa, Duration reloadPeriod) {
  /** Often enough for a renewal weeks ahead of expiry, rarely enough to cost nothing. */
  public static final Duration DEFAULT_RELOAD_PERIOD = Duration.ofMinutes(1);

  public XdsTls {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(clientCa, "clientCa");
    Objects.requireNonNull(reloadPeriod, "reloadPeriod");
    if (reloadPeriod.isNegative() || reloadPeriod.isZero()) {
      throw new IllegalArgumentException("the xDS TLS reload period must be positive, not " + reloadPeriod);
    }
  }

  public XdsTls(Path certificateChain, Path privateKey, Optional<Path> clientCa) {
    this(certificateChain, privateKey, clientCa, DEFAULT_RELOAD_PERIOD);
  }

  /**
   * Reads the files (failing with what is wrong when they are unusable) and keeps re-reading them
   * until closed.
   */
  public ReloadingServerTls open() {
    return new ReloadingServerTls(this);
  }
}
