package dev.meshplane.frontend.security;

import dev.meshplane.auth.Principal;
import dev.meshplane.auth.sigv4.AuthenticationException;
import dev.meshplane.auth.sigv4.SigV4Verifier;
import dev.meshplane.auth.sigv4.SignedRequest;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Verifies the SigV4 signature of an API request and answers with the error AWS's own front door
 * gives for each failure, so the SDKs and the CLI report it as they would for AWS.
 */
@Singleton
public class RequestAuthenticator {
  private final SigV4Verifier verifier;

  public RequestAuthenticator(SigV4Verifier verifier) {
    this.verifier = verifier;
  }

  /** The principal that signed the request; the body is the exact bytes received (empty when none). */
  public Principal authenticate(HttpRequest<?> request, byte[] body) {
    SignedRequest signed = SignedRequests.of(request, body);
    String declaredHash = signed.header("x-amz-content-sha256");
    if (declaredHash != null && !declaredHash.trim().equalsIgnoreCase(signed.payloadHash())) {
      throw new ApiException(ErrorType.InvalidSignatureException,
          "The provided 'x-amz-content-sha256' header does not match what was computed: the body is not the one that was signed"
              + " (Meshplane requires signed payloads)");
    }
    try {
      return verifier.verify(signed);
    } catch (AuthenticationException e) {
      throw new ApiException(errorType(e.reason()), e.getMessage());
    }
  }

  static ErrorType errorType(AuthenticationException.Reason reason) {
    return switch (reason) {
      case MISSING -> ErrorType.MissingAuthenticationTokenException;
      case MALFORMED -> ErrorType.IncompleteSignatureException;
      case UNKNOWN_KEY -> ErrorType.UnrecognizedClientException;
      case WRONG_SCOPE, STALE, BAD_SIGNATURE -> ErrorType.InvalidSignatureException;
    };
  }
}
