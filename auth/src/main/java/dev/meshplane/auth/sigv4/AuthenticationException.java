package dev.meshplane.auth.sigv4;

/** Why a request's signature was not accepted; the message is safe to return to the caller. */
public final class AuthenticationException extends Exception {
  public enum Reason { MISSING, MALFORMED, UNKNOWN_KEY, WRONG_SCOPE, STALE, BAD_SIGNATURE }

  private final Reason reason;

  public AuthenticationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
