package dev.meshplane.auth.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.auth.AccessKey;
import dev.meshplane.auth.Principal;
import dev.meshplane.auth.PrincipalDirectory;
import dev.meshplane.auth.StaticPrincipalDirectory;
import dev.meshplane.auth.sigv4.AuthenticationException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The verifier against two oracles: AWS's published SigV4 test-suite vectors, and requests signed by
 * the AWS SDK v2's own signer ({@link AwsV4HttpSigner}, as the appmesh client uses it), then each way a
 * request can be refused.
 */
class SigV4VerifierTest {
  private static final AccessKey KEY = new AccessKey("AKIAMESHPLANETEST001", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNl");
  private static final Instant NOW = Instant.parse("2026-11-29T03:30:00Z");
  private static final StaticPrincipalDirectory DIRECTORY = StaticPrincipalDirectory.admin(KEY, "111122223333");
  private static final SigV4Verifier VERIFIER =
      new SigV4Verifier(DIRECTORY, "appmesh", "us-west-2", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));

  // --- AWS's published test vectors (aws-sig-v4-test-suite), key AKIDEXAMPLE, 2015-08-30T12:36:00Z ---

  private static final AccessKey EXAMPLE = new AccessKey("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  private static final SigV4Verifier VECTOR_VERIFIER = new SigV4Verifier(StaticPrincipalDirectory.admin(EXAMPLE, "111122223333"),
      "service", "us-east-1", Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC), Duration.ofMinutes(15));

  private static SignedRequest vector(String query, String signature) {
    return new SignedRequest("GET", "/", query, Map.of(
        "host", List.of("example.amazonaws.com"),
        "x-amz-date", List.of("20150830T123600Z"),
        "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + signature)),
        Hashing.sha256Hex(new byte[0]));
  }

  @Test
  void acceptsTheGetVanillaVector() throws Exception {
    assertThat(VECTOR_VERIFIER.verify(vector("", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")).name())
        .isEqualTo("admin");
  }

  @Test
  void acceptsTheQueryOrderVector() throws Exception {
    VECTOR_VERIFIER.verify(vector("Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
  }

  @Test
  void refusesAVectorWithOneDigitChanged() {
    assertReason(() -> VECTOR_VERIFIER.verify(vector("", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf32")),
        Reason.BAD_SIGNATURE);
  }

  // --- requests signed by the AWS SDK's signer ---

  /** Signs like the SDK appmesh client does, then turns the result into what the server sees. */
  private static SignedRequest sdkSigned(AccessKey key, Instant at, String method, String uri, String body, Map<String, String> extraHeaders) {
    SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(uri))
        .putHeader("Content-Type", "application/json").putHeader("User-Agent", "aws-sdk-java/2.40.2 test");
    extraHeaders.forEach(http::putHeader);
    var signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(key.id(), key.secret()))
        .request(http.build())
        .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appmesh")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-west-2")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    Map<String, List<String>> headers = new HashMap<>();
    signed.request().forEachHeader((name, values) -> headers.put(name.toLowerCase(), new ArrayList<>(values)));
    URI signedUri = signed.request().getUri();
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    return new SignedRequest(method, signedUri.getRawPath(), signedUri.getRawQuery(), headers, Hashing.sha256Hex(bytes));
  }

  private static SignedRequest sdkSigned(String method, String uri, String body) {
    return sdkSigned(KEY, NOW, method, uri, body, Map.of());
  }

  @Test
  void acceptsAnSdkSignedPut() throws Exception {
    Principal principal = VERIFIER.verify(sdkSigned("PUT", "http://localhost:8080/v20190125/meshes", "{\"meshName\":\"team-a\"}"));
    assertThat(principal.arn()).isEqualTo("arn:aws:iam::111122223333:user/admin");
  }

  @Test
  void acceptsAnSdkSignedGetWithAnEncodedQuery() throws Exception {
    // nextToken values carry base64 ('+', '/', '='): they must be encoded exactly as the signer did
    VERIFIER.verify(sdkSigned("GET", "http://localhost:8080/v20190125/meshes/team-a/virtualNodes?limit=5&nextToken=ab%2Bc%2Fd%3D%3D", null));
  }

  @Test
  void acceptsAnEncodedPathSegmentAsTheSdkDoubleEncodesIt() throws Exception {
    VERIFIER.verify(sdkSigned("GET", "http://localhost:8080/v20190125/meshes/a%3Ab/virtualNodes/x%20y", null));
  }

  @Test
  void acceptsASignatureFromWithinTheWindow() throws Exception {
    VERIFIER.verify(sdkSigned(KEY, NOW.minus(Duration.ofMinutes(14)), "GET", "http://localhost:8080/v20190125/meshes", null, Map.of()));
    VERIFIER.verify(sdkSigned(KEY, NOW.plus(Duration.ofMinutes(14)), "GET", "http://localhost:8080/v20190125/meshes", null, Map.of()));
  }

  @Test
  void acceptsASessionTokenHeaderWhenSigned() throws Exception {
    VERIFIER.verify(sdkSigned(KEY, NOW, "GET", "http://localhost:8080/v20190125/meshes", null, Map.of("X-Amz-Security-Token", "tok")));
  }

  @Test
  void refusesAMissingAuthorizationHeader() {
    SignedRequest signed = sdkSigned("GET", "http://localhost:8080/v20190125/meshes", null);
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.remove("authorization");
    assertReason(() -> VERIFIER.verify(with(signed, headers)), Reason.MISSING);
  }

  @Test
  void refusesAnUnknownKey() {
    AccessKey stranger = new AccessKey("AKIASTRANGER00000000", KEY.secret());
    assertReason(() -> VERIFIER.verify(sdkSigned(stranger, NOW, "GET", "http://localhost:8080/v20190125/meshes", null, Map.of())),
        Reason.UNKNOWN_KEY);
  }

  @Test
  void refusesTheWrongSecret() {
    AccessKey wrong = new AccessKey(KEY.id(), "not-the-secret");
    assertThatThrownBy(() -> VERIFIER.verify(sdkSigned(wrong, NOW, "GET", "http://localhost:8080/v20190125/meshes", null, Map.of())))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE))
        .hasMessageContaining("The request signature we calculated does not match the signature you provided");
  }

  @Test
  void refusesATamperedBody() {
    SignedRequest signed = sdkSigned("PUT", "http://localhost:8080/v20190125/meshes", "{\"meshName\":\"team-a\"}");
    SignedRequest tampered = new SignedRequest(signed.method(), signed.path(), signed.rawQuery(), signed.headers(),
        Hashing.sha256Hex("{\"meshName\":\"team-b\"}".getBytes(StandardCharsets.UTF_8)));
    assertReason(() -> VERIFIER.verify(tampered), Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesATamperedSignedHeaderButNotAnUnsignedOne() throws Exception {
    SignedRequest signed = sdkSigned("PUT", "http://localhost:8080/v20190125/meshes", "{}");
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.put("content-type", List.of("text/plain"));
    assertReason(() -> VERIFIER.verify(with(signed, headers)), Reason.BAD_SIGNATURE);

    Map<String, List<String>> unsigned = new HashMap<>(signed.headers());
    unsigned.put("user-agent", List.of("something else")); // the SDK does not sign User-Agent
    VERIFIER.verify(with(signed, unsigned));
  }

  @Test
  void refusesATamperedPathOrQuery() {
    SignedRequest signed = sdkSigned("GET", "http://localhost:8080/v20190125/meshes/team-a?limit=5", null);
    assertReason(() -> VERIFIER.verify(new SignedRequest("GET", "/v20190125/meshes/team-b", signed.rawQuery(), signed.headers(),
        signed.payloadHash())), Reason.BAD_SIGNATURE);
    assertReason(() -> VERIFIER.verify(new SignedRequest("GET", signed.path(), "limit=6", signed.headers(), signed.payloadHash())),
        Reason.BAD_SIGNATURE);
    assertReason(() -> VERIFIER.verify(new SignedRequest("DELETE", signed.path(), signed.rawQuery(), signed.headers(),
        signed.payloadHash())), Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesAStaleSignatureNamingTheTimes() {
    SignedRequest old = sdkSigned(KEY, NOW.minus(Duration.ofMinutes(20)), "GET", "http://localhost:8080/v20190125/meshes", null, Map.of());
    assertThatThrownBy(() -> VERIFIER.verify(old))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE))
        .hasMessage("Signature expired: 20261129T031000Z is now earlier than 20261129T031500Z (20261129T033000Z - 15 min.)");
  }

  @Test
  void refusesASignatureFromTheFuture() {
    assertReason(() -> VERIFIER.verify(sdkSigned(KEY, NOW.plus(Duration.ofMinutes(16)), "GET",
        "http://localhost:8080/v20190125/meshes", null, Map.of())), Reason.STALE);
  }

  @Test
  void refusesTheWrongRegionOrService() {
    SigV4Verifier otherRegion = new SigV4Verifier(DIRECTORY, "appmesh", "eu-west-1", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));
    SigV4Verifier otherService = new SigV4Verifier(DIRECTORY, "dynamodb", "us-west-2", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));
    SignedRequest signed = sdkSigned("GET", "http://localhost:8080/v20190125/meshes", null);
    assertReason(() -> otherRegion.verify(signed), Reason.WRONG_SCOPE);
    assertReason(() -> otherService.verify(signed), Reason.WRONG_SCOPE);
  }

  @Test
  void refusesAScopeDateOtherThanTheRequestDate() {
    SignedRequest signed = sdkSigned("GET", "http://localhost:8080/v20190125/meshes", null);
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.put("authorization", List.of(signed.header("authorization").replace("/20261129/", "/20261128/")));
    assertReason(() -> VERIFIER.verify(with(signed, headers)), Reason.WRONG_SCOPE);
  }

  @Test
  void refusesMalformedHeaders() {
    SignedRequest signed = sdkSigned("GET", "http://localhost:8080/v20190125/meshes", null);
    String authorization = signed.header("authorization");
    for (String bad : List.of(
        "AWS AKIAMESHPLANETEST001:abc",
        authorization.replace("SignedHeaders=", "Headers="),
        authorization.replaceAll("Signature=[0-9a-f]+", "Signature=xyz"),
        authorization.replace("/aws4_request", "/aws5_request"),
        authorization.replaceAll("SignedHeaders=[^,]+", "SignedHeaders=content-type;x-amz-date"),
        authorization.replaceAll("SignedHeaders=[^,]+", "SignedHeaders=host;x-amz-nothing"))) {
      Map<String, List<String>> headers = new HashMap<>(signed.headers());
      headers.put("authorization", List.of(bad));
      assertReason(() -> VERIFIER.verify(with(signed, headers)), Reason.MALFORMED);
    }
    Map<String, List<String>> noDate = new HashMap<>(signed.headers());
    noDate.remove("x-amz-date");
    assertReason(() -> VERIFIER.verify(with(signed, noDate)), Reason.MALFORMED);
  }

  @Test
  void acceptsAnRfc1123DateHeaderInsteadOfXAmzDate() throws Exception {
    // hand-signed clients may send Date rather than X-Amz-Date: sign the canonical request by hand
    String date = "Sun, 29 Nov 2026 03:30:00 GMT";
    Map<String, List<String>> headers = new HashMap<>(Map.of("host", List.of("localhost:8080"), "date", List.of(date)));
    SignedRequest unsigned = new SignedRequest("GET", "/v20190125/meshes", "", headers, Hashing.sha256Hex(new byte[0]));
    String canonical = CanonicalRequest.of(unsigned, List.of("date", "host"));
    SigV4Verifier.CredentialScope scope = new SigV4Verifier.CredentialScope(KEY.id(), "20261129", "us-west-2", "appmesh");
    byte[] signature = SigV4Verifier.signature(KEY, scope, SigV4Verifier.stringToSign("20261129T033000Z", scope, canonical));
    headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + KEY.id() + "/20261129/us-west-2/appmesh/aws4_request, "
        + "SignedHeaders=date;host, Signature=" + java.util.HexFormat.of().formatHex(signature)));
    VERIFIER.verify(with(unsigned, headers));
  }

  @Test
  void verifiesWithTheCurrentSecretAfterTheKeysSecretChanges() throws Exception {
    // the verifier keeps derived signing keys: a rotated secret must not be checked against the old one
    AccessKey rotated = new AccessKey(KEY.id(), "cm90YXRlZC1zZWNyZXQtcm90YXRlZC1zZWNyZXQtcm8");
    AtomicReference<AccessKey> current = new AtomicReference<>(KEY);
    Principal admin = DIRECTORY.byAccessKeyId(KEY.id()).orElseThrow().principal();
    SigV4Verifier verifier = new SigV4Verifier(id -> Optional.of(new PrincipalDirectory.Credentials(admin, current.get())),
        "appmesh", "us-west-2", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));
    SignedRequest withOld = sdkSigned(KEY, NOW, "GET", "http://localhost:8080/v20190125/meshes", null, Map.of());
    SignedRequest withNew = sdkSigned(rotated, NOW, "GET", "http://localhost:8080/v20190125/meshes", null, Map.of());
    verifier.verify(withOld);
    assertReason(() -> verifier.verify(withNew), Reason.BAD_SIGNATURE);
    current.set(rotated);
    verifier.verify(withNew);
    assertReason(() -> verifier.verify(withOld), Reason.BAD_SIGNATURE);
  }

  @Test
  void readsTheBasicFormatDateAsTheFormatterDoes() {
    for (String date : List.of("20261129T033000Z", "20240229T235959Z", "19991231T000000Z")) {
      assertThat(SigV4Verifier.basicFormat(date))
          .isEqualTo(java.time.ZonedDateTime.parse(date, SigV4Verifier.AMZ_DATE).toInstant());
    }
    for (String notBasic : List.of("20261329T033000Z", "20250229T000000Z", "20261129T246000Z", "2026-11-29T03:30:00Z",
        "20261129T033000", "2026112aT033000Z", "20261129X033000Z")) {
      assertThat(SigV4Verifier.basicFormat(notBasic)).as(notBasic).isNull();
    }
  }

  @Test
  void signsHeaderValuesWithEachRunOfWhitespaceAsOneSpace() {
    StringBuilder out = new StringBuilder();
    CanonicalRequest.appendCollapsed(out, "a  b\t\t c\r\nd\u000Be\ff");
    assertThat(out).hasToString("a b c d e f");
  }

  @Test
  void accessKeyToStringHidesTheSecret() {
    assertThat(KEY.toString()).contains(KEY.id()).doesNotContain(KEY.secret());
  }

  private static SignedRequest with(SignedRequest request, Map<String, List<String>> headers) {
    return new SignedRequest(request.method(), request.path(), request.rawQuery(), headers, request.payloadHash());
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertReason(Call call, Reason reason) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
