package dev.meshplane.envoy.certs;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads the PEM a secret carries, so a test can check what it holds rather than how it looks. */
public final class PemCertificates {
  private PemCertificates() {}

  /** Every certificate in {@code pem}, in order. */
  public static List<X509Certificate> certificates(String pem) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
        .map(X509Certificate.class::cast).toList();
  }

  /** The private key in {@code pem}, PKCS#8 or a traditional key pair. */
  public static PrivateKey privateKey(String pem) throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      return parsed instanceof PrivateKeyInfo info
          ? converter.getPrivateKey(info)
          : converter.getKeyPair((PEMKeyPair) parsed).getPrivate();
    }
  }

  /** Whether {@code key} is the private half of {@code certificate}'s public key. */
  public static boolean signs(PrivateKey key, X509Certificate certificate) throws Exception {
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    byte[] data = "meshplane".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data);
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(data);
    return verifier.verify(signer.sign());
  }
}
