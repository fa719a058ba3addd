package dev.meshplane.envoy.certs;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM certificates and private keys: parsed and checked before they are served, so Envoy never
 * gets a chain it cannot load or a key that does not belong to the certificate.
 */
final class Pem {
  // Only for decrypting PBES2-encrypted PKCS#8 (ACM exports); used as an instance, never registered.
  private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

  private Pem() {}

  /** Every certificate in {@code pem}, in order; at least one. */
  static List<X509Certificate> certificates(String pem) throws CertificateException {
    List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
        .stream()
        .map(X509Certificate.class::cast)
        .toList();
    if (certificates.isEmpty()) {
      throw new CertificateException("no PEM certificate found");
    }
    return certificates;
  }

  /** An unencrypted private key in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM. */
  static PrivateKey privateKey(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new PEMException("no unencrypted PEM private key found"
          + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")"));
    }
  }

  /** Decrypts an encrypted PKCS#8 PEM key (as ACM exports it) into unencrypted PKCS#8 PEM. */
  static String decryptPkcs8(String encryptedPem, char[] passphrase) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(encryptedPem))) {
      if (!(parser.readObject() instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
        throw new PEMException("not an encrypted PKCS#8 private key");
      }
      PrivateKeyInfo decrypted = encrypted.decryptPrivateKeyInfo(
          new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(passphrase));
      return write("PRIVATE KEY", decrypted.getEncoded());
    } catch (OperatorCreationException | PKCSException e) {
      throw new PEMException("cannot decrypt the private key: " + e.getMessage(), e);
    }
  }

  /**
   * The secret with its validity: the latest notBefore and the earliest notAfter among
   * {@code certificates} (the leaf alone for a TLS certificate, which is what gets renewed).
   */
  static FetchedSecret validity(Secret secret, List<X509Certificate> certificates) {
    Instant notBefore = certificates.stream().map(c -> c.getNotBefore().toInstant())
        .max(Comparator.naturalOrder()).orElseThrow();
    Instant notAfter = certificates.stream().map(c -> c.getNotAfter().toInstant())
        .min(Comparator.naturalOrder()).orElseThrow();
    return new FetchedSecret(secret, notBefore, notAfter);
  }

  /** A trust bundle secret: {@code bundle} (PEM) as the trusted CA, valid while all its {@code certificates} are. */
  static FetchedSecret trust(String name, String bundle, List<X509Certificate> certificates) {
    Secret secret = Secret.newBuilder()
        .setName(name)
        .setValidationContext(CertificateValidationContext.newBuilder()
            .setTrustedCa(DataSource.newBuilder().setInlineString(bundle)))
        .build();
    return validity(secret, certificates);
  }

  static String write(String type, byte[] der) throws IOException {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    }
    return out.toString();
  }

  /** Joins PEM blocks, each on its own lines. */
  static String join(List<String> pems) {
    StringBuilder joined = new StringBuilder();
    for (String pem : pems) {
      if (pem == null || pem.isBlank()) {
        continue;
      }
      joined.append(pem.strip()).append('\n');
    }
    return joined.toString();
  }
}
