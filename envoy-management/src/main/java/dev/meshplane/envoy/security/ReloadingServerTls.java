package dev.meshplane.envoy.security;

import dev.meshplane.envoy.certs.KeyMatch;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xDS server's TLS material, re-read from its PEM files every {@link XdsTls#reloadPeriod()} so
 * that a renewed certificate (cert-manager) or client CA takes effect without a restart. New
 * handshakes use the new material; established connections keep theirs.
 *
 * <p>The swap is done through grpc-java's {@link AdvancedTlsX509KeyManager} and
 * {@link AdvancedTlsX509TrustManager}, but the files are read here rather than by their own
 * periodic reload: that one enforces a one-minute minimum and compares modification times (a
 * rewrite within the same second is missed), and it would accept a key that does not match the
 * certificate, or an empty CA file that trusts nothing. Material that is unreadable, incomplete or
 * mismatched is refused with a warning and the previous material stays in use: a half-written
 * rotation never takes the listener down.
 */
public final class ReloadingServerTls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingServerTls.class);

  private final XdsTls files;
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final Optional<AdvancedTlsX509TrustManager> trustManager;
  private final SslContext sslContext;
  private final ScheduledExecutorService reloader;
  // The file contents last applied: a reload swaps only when they change.
  private byte[] appliedIdentity = new byte[0];
  private byte[] appliedCa = new byte[0];
  /** Periodic reloads finished, whatever they found (for status, and for tests to wait on). */
  private final AtomicLong reloads = new AtomicLong();

  /** Reads the material once (failing with what is wrong) and starts the periodic reload. */
  ReloadingServerTls(XdsTls files) {
    this.files = files;
    try {
      // The CA verifies the client's chain as the JDK's PKIX trust manager would; no host name check on a server.
      trustManager = files.clientCa().isEmpty() ? Optional.empty() : Optional.of(AdvancedTlsX509TrustManager.newBuilder()
          .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build());
      reloadIdentity();
      reloadClientCa();
      // With a client CA, the JDK's TLS: it names the accepted CAs from the trust manager at each
      // handshake, where OpenSSL (BoringSSL) copies them once, so a rotated CA would stay advertised
      // as the old one and clients holding only a new-CA certificate would withhold it.
      SslContextBuilder builder = trustManager.isPresent()
          ? GrpcSslContexts.configure(SslContextBuilder.forServer(keyManager), SslProvider.JDK)
          : GrpcSslContexts.configure(SslContextBuilder.forServer(keyManager));
      trustManager.ifPresent(trust -> builder.trustManager(trust).clientAuth(ClientAuth.OPTIONAL));
      sslContext = builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the xDS TLS certificate " + files.certificateChain() + " or key "
          + files.privateKey() + files.clientCa().map(ca -> " or client CA " + ca).orElse(""), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid xDS TLS material (certificate " + files.certificateChain() + ", key "
          + files.privateKey() + files.clientCa().map(ca -> ", client CA " + ca).orElse("") + "; PEM, key in PKCS#8): "
          + e.getMessage(), e);
    }
    reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "xds-tls-reload");
      thread.setDaemon(true);
      return thread;
    });
    long period = files.reloadPeriod().toMillis();
    reloader.scheduleWithFixedDelay(this::reload, period, period, TimeUnit.MILLISECONDS);
  }

  /** The server context; its key and trust managers always answer with the latest good material. */
  public SslContext sslContext() {
    return sslContext;
  }

  private void reload() {
    try {
      reloadIdentity();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn("xDS TLS certificate {} / key {} not reloaded, the previous certificate stays in use: {}",
          files.certificateChain(), files.privateKey(), e.toString());
    }
    try {
      reloadClientCa();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn("xDS client CA {} not reloaded, the previous CA stays in use: {}",
          files.clientCa().orElse(null), e.toString());
    }
    reloads.incrementAndGet();
  }

  /** How many periodic reloads have finished (each reads the files and applies what is valid). */
  public long reloads() {
    return reloads.get();
  }

  private void reloadIdentity() throws IOException, GeneralSecurityException {
    byte[] chainPem = Files.readAllBytes(files.certificateChain());
    byte[] keyPem = Files.readAllBytes(files.privateKey());
    byte[] both = concat(chainPem, keyPem);
    if (Arrays.equals(both, appliedIdentity)) {
      return;
    }
    X509Certificate[] chain = certificates(chainPem, files.certificateChain());
    PrivateKey key;
    try {
      key = CertificateUtils.getPrivateKey(new ByteArrayInputStream(keyPem));
    } catch (RuntimeException e) {
      throw new GeneralSecurityException("no PKCS#8 private key in " + files.privateKey(), e);
    }
    requireMatch(key, chain[0]);
    keyManager.updateIdentityCredentials(chain, key);
    if (appliedIdentity.length > 0) {
      LOG.info("xDS TLS certificate reloaded from {}: {}, valid until {}", files.certificateChain(),
          chain[0].getSubjectX500Principal().getName(), chain[0].getNotAfter().toInstant());
    }
    appliedIdentity = both;
  }

  private void reloadClientCa() throws IOException, GeneralSecurityException {
    if (trustManager.isEmpty()) {
      return;
    }
    Path file = files.clientCa().orElseThrow();
    byte[] pem = Files.readAllBytes(file);
    if (Arrays.equals(pem, appliedCa)) {
      return;
    }
    trustManager.get().updateTrustCredentials(certificates(pem, file));
    if (appliedCa.length > 0) {
      LOG.info("xDS client CA reloaded from {}", file);
    }
    appliedCa = pem;
  }

  /** The certificates in a PEM file; none is an error (an empty CA file would trust nobody). */
  private static X509Certificate[] certificates(byte[] pem, Path file) throws GeneralSecurityException {
    X509Certificate[] certificates = CertificateUtils.getX509Certificates(new ByteArrayInputStream(pem));
    if (certificates.length == 0) {
      throw new GeneralSecurityException("no PEM certificate in " + file);
    }
    return certificates;
  }

  /** A certificate renewed before its key is written (or the reverse) must not be served with the old key. */
  private void requireMatch(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
    try {
      KeyMatch.require(key, certificate);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException("the key " + files.privateKey() + " does not belong to the certificate "
          + certificate.getSubjectX500Principal().getName() + " in " + files.certificateChain(), e);
    }
  }


  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length + 1);
    both[a.length] = 0;
    System.arraycopy(b, 0, both, a.length + 1, b.length);
    return both;
  }

  @Override
  public void close() {
    reloader.shutdownNow();
  }
}
