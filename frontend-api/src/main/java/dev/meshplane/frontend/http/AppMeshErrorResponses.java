package dev.meshplane.frontend.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.frontend.api.ErrorType;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.net.URISyntaxException;
import java.util.stream.Collectors;

/**
 * The App Mesh error shape for the errors Micronaut raises itself, before any route runs: a
 * malformed request target ({@code %zz}), a request line or headers over the limits, a request
 * that is not HTTP. It replaces Micronaut's JSON error body, so every answer of the server has a
 * status of its error type, {@code x-amzn-ErrorType} and {@code {"message": ...}}.
 */
@Singleton
@Replaces(bean = ErrorResponseProcessor.class)
public class AppMeshErrorResponses implements ErrorResponseProcessor<String> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    ErrorType type = typeOf(response.code());
    String body = JSON.createObjectNode().put("message", message(context, response.code())).toString();
    return response
        .status(HttpStatus.valueOf(type.httpStatus()))
        .header(ApiErrorHandler.ERROR_TYPE_HEADER, type.name())
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(body);
  }

  static ErrorType typeOf(int status) {
    return switch (status) {
      case 403 -> ErrorType.ForbiddenException;
      case 404 -> ErrorType.NotFoundException;
      case 409 -> ErrorType.ConflictException;
      case 429 -> ErrorType.TooManyRequestsException;
      case 503 -> ErrorType.ServiceUnavailableException;
      default -> status >= 500 ? ErrorType.InternalServerErrorException : ErrorType.BadRequestException;
    };
  }

  private static String message(ErrorContext context, int status) {
    if (context.getRootCause().orElse(null) instanceof URISyntaxException malformed) {
      return "The request target is not a valid URI (" + malformed.getMessage()
          + "); percent-encode path segments and query values as UTF-8 (%XX with two hex digits)";
    }
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode()) {
      return "The request line or headers are too long: the request line may have up to "
          + NettyServerSettings.MAX_REQUEST_LINE_BYTES + " bytes and the headers up to "
          + NettyServerSettings.MAX_HEADER_BYTES + " bytes";
    }
    String errors = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    String reason = HttpStatus.valueOf(status).getReason();
    return errors.isEmpty() || errors.equals(reason)
        ? reason + ": the request is not an HTTP/1.1 request the App Mesh API can read"
        : reason + ": " + errors;
  }
}
