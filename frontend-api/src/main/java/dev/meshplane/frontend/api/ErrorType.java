package dev.meshplane.frontend.api;

/**
 * The App Mesh error shapes with their HTTP status. The name is sent as {@code x-amzn-ErrorType}
 * so that the AWS SDKs raise the modeled exception class.
 */
public enum ErrorType {
  BadRequestException(400),
  ForbiddenException(403),
  NotFoundException(404),
  ConflictException(409),
  ResourceInUseException(409),
  LimitExceededException(400),
  TooManyRequestsException(429),
  InternalServerErrorException(500),
  ServiceUnavailableException(503),
  // SigV4 authentication failures, with the codes AWS's front door uses for them.
  MissingAuthenticationTokenException(403),
  UnrecognizedClientException(403),
  InvalidSignatureException(403),
  IncompleteSignatureException(400);

  private final int httpStatus;

  ErrorType(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
