package dev.meshplane.envoy.certs;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Whether a private key belongs to a certificate: it signs a random challenge that the
 * certificate's public key must verify. Rotations write certificate and key one after the other;
 * a pair caught half-written must never be served.
 */
public final class KeyMatch {
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyMatch() {}

  /** Throws unless {@code key} signs what {@code certificate}'s public key verifies. */
  public static void require(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "Ed448" -> "Ed448";
      default -> throw new GeneralSecurityException("unsupported private key algorithm " + key.getAlgorithm());
    };
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(challenge);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException(
          "the private key does not match the certificate " + certificate.getSubjectX500Principal());
    }
  }
}
