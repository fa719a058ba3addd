package dev.meshplane.k8s.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook as the API server calls it: HTTPS with the chart's PEM certificate, an AdmissionReview POSTed. */
class AdmissionWebhookServerTest {

  @TempDir Path dir;

  @Test
  void answersAdmissionReviewsOverTls() throws Exception {
    // RSA with a PKCS#1 key, as Helm's genSignedCert and cert-manager write them.
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=meshplane-webhook.meshplane-system.svc");
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        name, BigInteger.ONE, Date.from(Instant.now().minus(1, ChronoUnit.HOURS)),
        Date.from(Instant.now().plus(1, ChronoUnit.DAYS)), name, keys.getPublic())
        .addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")))
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(cert, pem(certificate));
    Files.writeString(key, pem(keys.getPrivate()));

    try (AdmissionWebhookServer server = new AdmissionWebhookServer(
        new InetSocketAddress("127.0.0.1", 0), cert, key, SidecarInjectorTest.ADMISSION)) {
      server.start();
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).build();
      String base = "https://localhost:" + server.port();

      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + AdmissionWebhookServer.PATH))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(SidecarInjectorTest.review(
              SidecarInjectorTest.pod("shop", "{app: front}", "{}", "[{name: app, image: a:1}]"), "shop").toString()))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode review = SidecarInjectorTest.JSON.readTree(answer.body());
      assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
      assertThat(review.path("response").path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
      assertThat(SidecarInjectorTest.patch(review.path("response")).toString()).contains("\"name\":\"envoy\"");
      assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  private static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("webhook", certificate);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
