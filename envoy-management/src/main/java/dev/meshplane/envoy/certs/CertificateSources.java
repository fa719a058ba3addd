package dev.meshplane.envoy.certs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;

/**
 * Where the certificate manager gets secrets: ACM (certificates), ACM Private CA (trust) and a
 * directory of PEM files (App Mesh {@code sds} names). Each is optional; a secret whose source is
 * missing is never served (and logged). Closing closes the AWS clients.
 */
public record CertificateSources(Optional<AcmClient> acm, Optional<AcmPcaClient> acmPca, Optional<Path> secretsDir)
    implements AutoCloseable {

  public static CertificateSources none() {
    return new CertificateSources(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * ACM and ACM Private CA clients in {@code region} with the default credentials, both through
   * {@code endpointOverride} when given (an emulator or VPC endpoints).
   */
  public static CertificateSources aws(Region region, Optional<URI> endpointOverride, Optional<Path> secretsDir) {
    var acm = AcmClient.builder().region(region).httpClientBuilder(httpClient())
        .overrideConfiguration(retries());
    var acmPca = AcmPcaClient.builder().region(region).httpClientBuilder(httpClient())
        .overrideConfiguration(retries());
    endpointOverride.ifPresent(endpoint -> {
      acm.endpointOverride(endpoint);
      acmPca.endpointOverride(endpoint);
    });
    return new CertificateSources(Optional.of(acm.build()), Optional.of(acmPca.build()), secretsDir);
  }

  Map<SecretKey.Source, SecretSource> bySource() {
    Map<SecretKey.Source, SecretSource> sources = new EnumMap<>(SecretKey.Source.class);
    acm.ifPresent(client -> sources.put(SecretKey.Source.ACM_CERTIFICATE, new AcmCertificateSource(client)));
    acm.ifPresent(client -> sources.put(SecretKey.Source.ACM_CERTIFICATE_ROOT, new AcmCertificateRootSource(client)));
    acmPca.ifPresent(client ->
        sources.put(SecretKey.Source.ACM_CERTIFICATE_AUTHORITIES, new AcmCertificateAuthoritySource(client)));
    secretsDir.ifPresent(dir -> sources.put(SecretKey.Source.SDS, new PemDirectorySource(dir)));
    return sources;
  }

  private static UrlConnectionHttpClient.Builder httpClient() {
    return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(10));
  }

  /** The manager retries with its own backoff; the SDK's standard few retries are enough. */
  private static ClientOverrideConfiguration retries() {
    return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
  }

  @Override
  public void close() {
    acm.ifPresent(AcmClient::close);
    acmPca.ifPresent(AcmPcaClient::close);
  }
}
