package dev.meshplane.auth.sigv4;

import dev.meshplane.auth.AccessKey;
import dev.meshplane.auth.Principal;
import dev.meshplane.auth.PrincipalDirectory;
import dev.meshplane.auth.sigv4.AuthenticationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...}) as the AWS CLI and
 * SDKs send it, by rebuilding the signature with the stored secret and comparing in constant time.
 *
 * <p>The canonical request is built here ({@link CanonicalRequest}) rather than by the SDK's
 * {@code AwsV4HttpSigner}: that signer chooses itself which headers to sign, while a verifier must
 * sign exactly the headers the client listed in {@code SignedHeaders}. The unit tests use the SDK
 * signer and AWS's published test vectors as the oracle.
 */
public final class SigV4Verifier {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final PrincipalDirectory directory;
  private final String service;
  private final String region;
  private final Clock clock;
  private final Duration window;
  private final SigningKeys signingKeys = new SigningKeys();

  public SigV4Verifier(PrincipalDirectory directory, String service, String region, Clock clock, Duration window) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.service = Objects.requireNonNull(service, "service");
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
  }

  /**
   * The principal whose key made the request's Authorization header signature; throws when missing,
   * malformed, unknown key, wrong scope (service/region/date), outside the window, or wrong.
   */
  public Principal verify(SignedRequest request) throws AuthenticationException {
    String authorization = request.header("authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new AuthenticationException(Reason.MISSING,
          "Missing Authentication Token: sign the request with AWS Signature Version 4 (" + ALGORITHM + ")");
    }
    AuthorizationHeader header = AuthorizationHeader.parse(authorization);
    CredentialScope scope = header.scope();

    Instant requestTime = requestTime(request);
    String amzDate = amzDate(request, requestTime);
    if (!scope.date().equals(amzDate.substring(0, 8))) {
      throw new AuthenticationException(Reason.WRONG_SCOPE, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
          + scope.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
    }
    if (!scope.region().equals(region)) {
      throw new AuthenticationException(Reason.WRONG_SCOPE, "Credential should be scoped to a valid region, not '"
          + scope.region() + "'; this server's region is '" + region + "' (sign with that region, e.g. AWS_REGION="
          + region + ")");
    }
    if (!scope.service().equals(service)) {
      throw new AuthenticationException(Reason.WRONG_SCOPE, "Credential should be scoped to correct service: '" + service + "'.");
    }

    Instant now = clock.instant();
    if (requestTime.isBefore(now.minus(window))) {
      throw new AuthenticationException(Reason.STALE, "Signature expired: " + amzDate + " is now earlier than "
          + AMZ_DATE.format(now.minus(window)) + " (" + AMZ_DATE.format(now) + " - " + window.toMinutes() + " min.)");
    }
    if (requestTime.isAfter(now.plus(window))) {
      throw new AuthenticationException(Reason.STALE, "Signature not yet current: " + amzDate + " is still later than "
          + AMZ_DATE.format(now.plus(window)) + " (" + AMZ_DATE.format(now) + " + " + window.toMinutes() + " min.)");
    }

    PrincipalDirectory.Credentials credentials = directory.byAccessKeyId(scope.accessKeyId()).orElseThrow(() ->
        new AuthenticationException(Reason.UNKNOWN_KEY, "The security token included in the request is invalid: unknown access key id "
            + scope.accessKeyId() + "."));

    String canonicalRequest = CanonicalRequest.of(request, header.signedHeaders());
    String stringToSign = stringToSign(amzDate, scope, canonicalRequest);
    byte[] expected = Hashing.hmac(signingKeys.of(credentials.key(), scope), stringToSign);
    byte[] provided = header.signatureBytes();
    if (!MessageDigest.isEqual(expected, provided)) {
      throw new AuthenticationException(Reason.BAD_SIGNATURE, "The request signature we calculated does not match the signature you provided. "
          + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }
    return credentials.principal();
  }

  private static Instant requestTime(SignedRequest request) throws AuthenticationException {
    String amzDate = request.header("x-amz-date");
    try {
      if (amzDate != null) {
        Instant basic = basicFormat(amzDate.trim());
        return basic != null ? basic : ZonedDateTime.parse(amzDate.trim(), AMZ_DATE).toInstant();
      }
      String date = request.header("date");
      if (date != null) {
        return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      }
    } catch (DateTimeParseException e) {
      throw new AuthenticationException(Reason.MALFORMED, "Date must be in ISO-8601 'basic format' (yyyyMMdd'T'HHmmss'Z'); got '"
          + (amzDate != null ? amzDate : request.header("date")) + "'.");
    }
    throw new AuthenticationException(Reason.MALFORMED, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }

  /** The request time as signed: X-Amz-Date as sent when it is in the basic format, else formatted from the time. */
  private static String amzDate(SignedRequest request, Instant requestTime) {
    String sent = request.header("x-amz-date");
    return sent != null && basicFormat(sent.trim()) != null ? sent.trim() : AMZ_DATE.format(requestTime);
  }

  /**
   * {@code yyyyMMdd'T'HHmmss'Z'} read digit by digit (a DateTimeFormatter parse costs more than the
   * rest of the check); null when the text is not exactly that with a valid date and time, which
   * the formatter then parses or refuses as before.
   */
  static Instant basicFormat(String text) {
    if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
      return null;
    }
    for (int i = 0; i < 15; i++) {
      if (i != 8 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
        return null;
      }
    }
    try {
      return LocalDateTime.of(digits(text, 0, 4), digits(text, 4, 6), digits(text, 6, 8),
          digits(text, 9, 11), digits(text, 11, 13), digits(text, 13, 15)).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  static String stringToSign(String amzDate, CredentialScope scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope.path() + "\n" + Hashing.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] signature(AccessKey key, CredentialScope scope, String stringToSign) {
    return Hashing.hmac(signingKey(key, scope), stringToSign);
  }

  /** The key derived from the secret for one day, region and service (four HMACs). */
  static byte[] signingKey(AccessKey key, CredentialScope scope) {
    byte[] signingKey = Hashing.hmac(("AWS4" + key.secret()).getBytes(StandardCharsets.UTF_8), scope.date());
    for (String part : List.of(scope.region(), scope.service(), "aws4_request")) {
      signingKey = Hashing.hmac(signingKey, part);
    }
    return signingKey;
  }

  /** The credential scope: {@code AKID/yyyyMMdd/region/service/aws4_request}. */
  record CredentialScope(String accessKeyId, String date, String region, String service) {
    String path() {
      return date + "/" + region + "/" + service + "/aws4_request";
    }
  }

  /** {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
  record AuthorizationHeader(CredentialScope scope, List<String> signedHeaders, String signature) {
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");

    static AuthorizationHeader parse(String value) throws AuthenticationException {
      String trimmed = value.trim();
      if (!trimmed.startsWith(ALGORITHM + " ")) {
        throw new AuthenticationException(Reason.MALFORMED, "Authorization header must use " + ALGORITHM
            + " (AWS Signature Version 4); got '" + trimmed.split(" ", 2)[0] + "'.");
      }
      String credential = null;
      String signedHeaders = null;
      String signature = null;
      for (String part : trimmed.substring(ALGORITHM.length()).split(",")) {
        String[] kv = part.trim().split("=", 2);
        if (kv.length != 2) {
          throw malformed("'" + part.trim() + "' is not a key=value pair");
        }
        switch (kv[0]) {
          case "Credential" -> credential = kv[1];
          case "SignedHeaders" -> signedHeaders = kv[1];
          case "Signature" -> signature = kv[1];
          default -> throw malformed("unknown element '" + kv[0] + "'");
        }
      }
      if (credential == null || signedHeaders == null || signature == null) {
        throw malformed("Credential, SignedHeaders and Signature are all required");
      }
      String[] scope = credential.split("/");
      if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[0].isEmpty()) {
        throw malformed("Credential must have the form AKID/yyyyMMdd/region/service/aws4_request; got '" + credential + "'");
      }
      List<String> headers = List.of(signedHeaders.split(";"));
      if (!headers.contains("host")) {
        throw malformed("SignedHeaders must include host");
      }
      if (!SIGNATURE.matcher(signature).matches()) {
        throw malformed("Signature must be 64 lower-case hex digits");
      }
      return new AuthorizationHeader(new CredentialScope(scope[0], scope[1], scope[2], scope[3]), headers, signature);
    }

    byte[] signatureBytes() {
      return HexFormat.of().parseHex(signature);
    }

    private static AuthenticationException malformed(String why) {
      return new AuthenticationException(Reason.MALFORMED, "Authorization header is malformed: " + why + ".");
    }
  }
}
