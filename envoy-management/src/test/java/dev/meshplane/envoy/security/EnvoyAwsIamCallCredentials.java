package dev.meshplane.envoy.security;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs each call as Envoy's AWS IAM gRPC credentials do (source/extensions/grpc_credentials/
 * aws_iam/config.cc, {@code AwsIamHeaderAuthenticator}), with the AWS SDK's SigV4 signer instead of
 * Envoy's: gRPC hands the plugin the service URL {@code https://<authority>/<service>} (no
 * {@code :443}) and the method name; Envoy builds a message of {@code :method POST},
 * {@code :authority} = the URL's host and {@code :path} = {@code /<service>/<method>}, signs it
 * without a body (payload hash = SHA-256 of nothing, also set as {@code x-amz-content-sha256}), and
 * sends every non-pseudo header as metadata. {@link #tamper} changes the metadata after signing.
 */
public final class EnvoyAwsIamCallCredentials extends CallCredentials {
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private final AwsCredentialsIdentity credentials;
  private final String region;
  private final Clock clock;
  private final java.util.function.Consumer<Metadata> tamper;

  public EnvoyAwsIamCallCredentials(AwsCredentialsIdentity credentials, String region, Clock clock) {
    this(credentials, region, clock, metadata -> {});
  }

  public EnvoyAwsIamCallCredentials(AwsCredentialsIdentity credentials, String region, Clock clock,
      java.util.function.Consumer<Metadata> tamper) {
    this.credentials = credentials;
    this.region = region;
    this.clock = clock;
    this.tamper = tamper;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    try {
      String authority = info.getAuthority();
      String host = authority.endsWith(":443") ? authority.substring(0, authority.length() - 4) : authority;
      String serviceUrl = "https://" + host + "/" + info.getMethodDescriptor().getServiceName();
      String methodName = info.getMethodDescriptor().getBareMethodName();
      SdkHttpRequest message = SdkHttpRequest.builder()
          .method(SdkHttpMethod.POST)
          .uri(URI.create(serviceUrl + "/" + methodName))
          .putHeader("x-amz-content-sha256", EMPTY_SHA256)
          .build();
      SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
          .identity(credentials)
          .request(message)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appmesh")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
          .putProperty(HttpSigner.SIGNING_CLOCK, clock));
      Metadata metadata = new Metadata();
      for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
        // Envoy's host is the :authority pseudo-header: gRPC sends it, not the plugin.
        if (header.getKey().equalsIgnoreCase("host")) {
          continue;
        }
        Metadata.Key<String> key = Metadata.Key.of(header.getKey().toLowerCase(java.util.Locale.ROOT),
            Metadata.ASCII_STRING_MARSHALLER);
        header.getValue().forEach(value -> metadata.put(key, value));
      }
      tamper.accept(metadata);
      applier.apply(metadata);
    } catch (RuntimeException e) {
      applier.fail(Status.INTERNAL.withDescription("signing failed: " + e).withCause(e));
    }
  }
}
