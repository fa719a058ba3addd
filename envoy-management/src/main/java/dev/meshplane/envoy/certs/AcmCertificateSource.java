package dev.meshplane.envoy.certs;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.ExportCertificateResponse;

/**
 * An ACM certificate by ARN, exported with a fresh random passphrase each time: Envoy gets the
 * certificate followed by its chain, and the private key decrypted to unencrypted PKCS#8 (the
 * same bytes on every export, so an unchanged certificate keeps its xDS version).
 */
public final class AcmCertificateSource implements SecretSource {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AcmClient acm;

  public AcmCertificateSource(AcmClient acm) {
    this.acm = acm;
  }

  @Override
  public FetchedSecret fetch(String certificateArn) throws Exception {
    char[] passphrase = passphrase();
    ExportCertificateResponse exported = acm.exportCertificate(request -> request
        .certificateArn(certificateArn)
        .passphrase(SdkBytes.fromString(new String(passphrase), StandardCharsets.US_ASCII)));
    String privateKey = Pem.decryptPkcs8(exported.privateKey(), passphrase);
    List<X509Certificate> leaf = Pem.certificates(exported.certificate());
    List<X509Certificate> all = new ArrayList<>(leaf);
    if (exported.certificateChain() != null && !exported.certificateChain().isBlank()) {
      all.addAll(Pem.certificates(exported.certificateChain()));
    }
    KeyMatch.require(Pem.privateKey(privateKey), leaf.get(0));
    Secret secret = Secret.newBuilder()
        .setName(certificateArn)
        .setTlsCertificate(TlsCertificate.newBuilder()
            .setCertificateChain(DataSource.newBuilder()
                .setInlineString(Pem.join(List.of(exported.certificate(), nullToEmpty(exported.certificateChain())))))
            .setPrivateKey(DataSource.newBuilder().setInlineString(privateKey)))
        .build();
    return Pem.validity(secret, List.of(leaf.get(0)));
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  /** ACM wants 4 to 128 characters; 32 random letters and digits keep every encoding identical. */
  private static char[] passphrase() {
    char[] passphrase = new char[32];
    for (int i = 0; i < passphrase.length; i++) {
      passphrase[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return passphrase;
  }
}
