package dev.meshplane.envoy.security;

import dev.meshplane.auth.sigv4.SignedRequest;
import io.grpc.Metadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the request Envoy's AWS IAM gRPC credentials ({@code envoy.grpc_credentials.aws_iam},
 * source/extensions/grpc_credentials/aws_iam/config.cc) signed for a call, from what the server
 * receives. Envoy signs a message with {@code :method POST}, {@code :authority} = the host of the
 * gRPC service URL (gRPC drops a {@code :443} port there for https), {@code :path} =
 * {@code /<service>/<method>}, no query, and no body: the payload hash is SHA-256 of the empty
 * string (also sent as {@code x-amz-content-sha256}). Every non-pseudo header it signed is sent as
 * metadata ({@code authorization}, {@code x-amz-date}, {@code x-amz-content-sha256},
 * {@code x-amz-security-token}); {@code host} is the call's authority.
 */
public final class EnvoySignedMetadata {
  /** Hex SHA-256 of no bytes: Envoy signs with {@code sign_body = false}. */
  public static final String EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private EnvoySignedMetadata() {}

  /** Whether the call carries a SigV4 Authorization header at all. */
  public static boolean isSigned(Metadata headers) {
    String authorization = headers.get(AUTHORIZATION);
    return authorization != null && authorization.startsWith("AWS4-");
  }

  /**
   * @param fullMethodName e.g. {@code envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources}
   * @param authority the call's {@code :authority}
   */
  public static SignedRequest request(String fullMethodName, String authority, Metadata headers) {
    Map<String, List<String>> signed = new TreeMap<>();
    for (String key : headers.keys()) {
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        continue;
      }
      Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
      if (values != null) {
        signed.put(key.toLowerCase(java.util.Locale.ROOT), List.copyOf(toList(values)));
      }
    }
    if (authority != null) {
      signed.put("host", List.of(signedHost(authority)));
    }
    return new SignedRequest("POST", "/" + fullMethodName, "", signed, EMPTY_PAYLOAD_HASH);
  }

  /** gRPC builds the service URL Envoy signs as {@code https://<authority>} without a {@code :443} port. */
  static String signedHost(String authority) {
    return authority.endsWith(":443") ? authority.substring(0, authority.length() - 4) : authority;
  }

  private static List<String> toList(Iterable<String> values) {
    List<String> list = new java.util.ArrayList<>();
    values.forEach(list::add);
    return list;
  }
}
