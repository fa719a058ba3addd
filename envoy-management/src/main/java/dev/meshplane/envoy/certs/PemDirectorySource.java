package dev.meshplane.envoy.certs;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/**
 * App Mesh {@code sds} secret names served from PEM files, one directory per name under the
 * secrets directory. The directory's name is the secret name percent-encoded (at least {@code /}
 * as {@code %2F}; {@code spiffe://example.org/ns/app} is {@code spiffe%3A%2F%2Fexample.org%2Fns%2Fapp}),
 * and it holds the files of a Kubernetes TLS Secret:
 * <ul>
 *   <li>{@code tls.crt} (certificate, then chain) and {@code tls.key}: a TLS certificate; the key
 *       must match the certificate, so a half-written rotation is not served;
 *   <li>only {@code ca.crt}: a trust bundle (validation context).
 * </ul>
 * Files are read again on every fetch; the manager fetches every file refresh interval and
 * pushes only content that changed.
 */
public final class PemDirectorySource implements SecretSource {
  static final String CERTIFICATE = "tls.crt";
  static final String PRIVATE_KEY = "tls.key";
  static final String TRUSTED_CA = "ca.crt";

  private final Path directory;

  public PemDirectorySource(Path directory) {
    this.directory = directory;
  }

  /** The directory that holds {@code name}'s files (percent-encoded, as any tool writes it). */
  public static String directoryName(String name) {
    return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public FetchedSecret fetch(String name) throws Exception {
    Path secretDir = find(name);
    if (Files.exists(secretDir.resolve(PRIVATE_KEY))) {
      String chain = Files.readString(secretDir.resolve(CERTIFICATE));
      String key = Files.readString(secretDir.resolve(PRIVATE_KEY));
      List<X509Certificate> certificates = Pem.certificates(chain);
      KeyMatch.require(Pem.privateKey(key), certificates.get(0));
      Secret secret = Secret.newBuilder()
          .setName(name)
          .setTlsCertificate(TlsCertificate.newBuilder()
              .setCertificateChain(DataSource.newBuilder().setInlineString(chain))
              .setPrivateKey(DataSource.newBuilder().setInlineString(key)))
          .build();
      return Pem.validity(secret, List.of(certificates.get(0)));
    }
    if (Files.exists(secretDir.resolve(TRUSTED_CA))) {
      String bundle = Files.readString(secretDir.resolve(TRUSTED_CA));
      return Pem.trust(name, bundle, Pem.certificates(bundle));
    }
    throw new NoSuchFileException(secretDir + " has neither " + CERTIFICATE + " + " + PRIVATE_KEY + " nor " + TRUSTED_CA);
  }

  private Path find(String name) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(Files::isDirectory)
          .filter(entry -> name.equals(decode(entry.getFileName().toString())))
          .findFirst()
          .orElseThrow(() -> new NoSuchFileException(directory.resolve(directoryName(name)).toString(),
              null, "no directory for SDS secret " + name));
    }
  }

  private static String decode(String fileName) {
    try {
      return URLDecoder.decode(fileName.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return fileName;
    }
  }
}
