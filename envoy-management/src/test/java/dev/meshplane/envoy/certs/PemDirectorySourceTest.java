package dev.meshplane.envoy.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.envoy.security.TestCertificates;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM directory layout: percent-encoded names, certificate or trust bundle, checked pairs. */
class PemDirectorySourceTest {
  @TempDir Path secretsDir;
  @TempDir Path scratch;

  @Test
  void aNameIsFoundHoweverItsDirectoryNameIsPercentEncoded() throws Exception {
    TestCertificates.Issued ca = TestCertificates.authority(scratch, "ca");
    TestCertificates.Issued app = TestCertificates.client(scratch, "app", ca, "spiffe://example.org/ns/app");
    assertThat(PemDirectorySource.directoryName("spiffe://example.org/ns/app"))
        .isEqualTo("spiffe%3A%2F%2Fexample.org%2Fns%2Fapp");
    // Only the slashes encoded, as a hand-written directory may be.
    Path dir = Files.createDirectories(secretsDir.resolve("spiffe:%2F%2Fexample.org%2Fns%2Fapp"));
    Files.copy(app.certificateFile(), dir.resolve("tls.crt"));
    Files.copy(app.keyFile(), dir.resolve("tls.key"));

    Secret secret = new PemDirectorySource(secretsDir).fetch("spiffe://example.org/ns/app").secret();
    assertThat(secret.getName()).isEqualTo("spiffe://example.org/ns/app");
    assertThat(secret.getTlsCertificate().getCertificateChain().getInlineString())
        .isEqualTo(Files.readString(app.certificateFile()));
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRejected() throws Exception {
    TestCertificates.Issued ca = TestCertificates.authority(scratch, "ca");
    TestCertificates.Issued app = TestCertificates.client(scratch, "app", ca, null);
    Path dir = Files.createDirectories(secretsDir.resolve("app"));
    Files.copy(app.certificateFile(), dir.resolve("tls.crt"));
    Files.copy(ca.keyFile(), dir.resolve("tls.key"));

    assertThatThrownBy(() -> new PemDirectorySource(secretsDir).fetch("app"))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("does not match");
  }

  @Test
  void aDirectoryWithoutTheFilesIsNotASecret() throws Exception {
    Files.createDirectories(secretsDir.resolve("empty"));
    assertThatThrownBy(() -> new PemDirectorySource(secretsDir).fetch("empty"))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("ca.crt");
    assertThatThrownBy(() -> new PemDirectorySource(secretsDir).fetch("absent"))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("no directory for SDS secret absent");
  }
}
