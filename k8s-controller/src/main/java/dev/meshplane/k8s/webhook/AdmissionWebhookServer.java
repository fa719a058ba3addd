package dev.meshplane.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating admission webhook over HTTPS (the API server calls webhooks only over TLS):
 * {@code POST /mutate-v1-pod} takes an AdmissionReview v1, {@code GET /healthz} answers 200.
 */
public final class AdmissionWebhookServer implements AutoCloseable {

  public static final String PATH = "/mutate-v1-pod";
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhookServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpsServer server;

  public AdmissionWebhookServer(InetSocketAddress address, Path certificate, Path key, PodAdmission admission)
      throws IOException {
    server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(new HttpsConfigurator(sslContext(certificate, key)));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(PATH, exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("POST")) {
          reply(exchange, 405, "{\"message\":\"POST an AdmissionReview\"}");
          return;
        }
        JsonNode review;
        try (InputStream body = exchange.getRequestBody()) {
          review = JSON.readTree(body);
        } catch (IOException e) {
          reply(exchange, 400, "{\"message\":\"not an AdmissionReview: " + e.getMessage().replace('"', '\'') + "\"}");
          return;
        }
        reply(exchange, 200, admission.review(review).toString());
      } catch (RuntimeException e) {
        LOG.warn("admission review failed", e);
      }
    });
    server.createContext("/healthz", exchange -> {
      try (exchange) {
        reply(exchange, 200, "ok");
      }
    });
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** TLS from a PEM certificate chain and a PEM key (PKCS#8, PKCS#1 or EC), as cert-manager or the chart writes them. */
  static SSLContext sslContext(Path certificate, Path key) throws IOException {
    try {
      Certificate[] chain;
      try (InputStream in = Files.newInputStream(certificate)) {
        chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
      }
      PrivateKey privateKey;
      try (Reader reader = Files.newBufferedReader(key); PEMParser parser = new PEMParser(reader)) {
        Object parsed = parser.readObject();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());
        privateKey = parsed instanceof PEMKeyPair pair ? converter.getPrivateKey(pair.getPrivateKeyInfo())
            : converter.getPrivateKey((PrivateKeyInfo) parsed);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("webhook", privateKey, new char[0], chain);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot use webhook certificate " + certificate + " and key " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
