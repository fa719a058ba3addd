package dev.meshplane.envoy.security;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made for a test (BouncyCastle: the JDK cannot issue X.509 with SANs): a CA and what it signs, as PEM files. */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A key pair, its certificate, and where both were written as PEM (key in PKCS#8). */
  public record Issued(KeyPair keys, X509Certificate certificate, Path certificateFile, Path keyFile) {}

  private TestCertificates() {}

  public static Issued authority(Path dir, String name) {
    KeyPair keys = keyPair();
    X500Principal subject = new X500Principal("CN=" + name);
    X509Certificate certificate = sign(subject, keys, subject, keys, true, new GeneralNames(new GeneralName[0]));
    return write(dir, name, keys, certificate);
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public static Issued server(Path dir, Issued ca) {
    return issue(dir, "server", ca, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
  }

  /** A client certificate whose URI SAN is {@code uri} (a node ARN or mesh/m/virtualNode/n); none when null. */
  public static Issued client(Path dir, String name, Issued ca, String uri) {
    GeneralName[] names = uri == null
        ? new GeneralName[] {new GeneralName(GeneralName.dNSName, name + ".test")}
        : new GeneralName[] {new GeneralName(GeneralName.uniformResourceIdentifier, uri)};
    return issue(dir, name, ca, new GeneralNames(names));
  }

  private static Issued issue(Path dir, String name, Issued ca, GeneralNames sans) {
    KeyPair keys = keyPair();
    X509Certificate certificate = sign(new X500Principal("CN=" + name), keys,
        ca.certificate().getSubjectX500Principal(), ca.keys(), false, sans);
    return write(dir, name, keys, certificate);
  }

  private static X509Certificate sign(X500Principal subject, KeyPair subjectKeys, X500Principal issuer,
      KeyPair issuerKeys, boolean ca, GeneralNames sans) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      }
      if (sans.getNames().length > 0) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate for " + subject, e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Issued write(Path dir, String name, KeyPair keys, X509Certificate certificate) {
    try {
      Path certificateFile = dir.resolve(name + ".crt");
      Path keyFile = dir.resolve(name + ".key");
      Files.writeString(certificateFile, pem(certificate));
      // PKCS#8 ("BEGIN PRIVATE KEY"), the form Netty reads without extra providers.
      Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
      return new Issued(keys, certificate, certificateFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
