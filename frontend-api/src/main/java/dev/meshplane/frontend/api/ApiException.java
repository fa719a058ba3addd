package dev.meshplane.frontend.api;

import dev.meshplane.model.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** A refused request, answered with an App Mesh error shape and a message a person can act on. */
public final class ApiException extends RuntimeException {
  private final ErrorType type;

  public ApiException(ErrorType type, String message) {
    super(message);
    this.type = type;
  }

  public ApiException(ErrorType type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** Every violation at once, one per line, each naming its field. */
  public static ApiException badRequest(List<Violation> violations) {
    String message =
        violations.size() == 1
            ? violations.get(0).toString()
            : violations.size()
                + " problems with the request: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    return new ApiException(ErrorType.BadRequestException, message);
  }

  public ErrorType type() {
    return type;
  }
}
