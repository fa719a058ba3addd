package dev.meshplane.frontend.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.store.StoreException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the App Mesh error shape: the status of the error type, the type in
 * {@code x-amzn-ErrorType} (which the AWS SDKs read to raise the modeled exception) and a JSON
 * {@code message}.
 */
@Singleton
@Produces
public class ApiErrorHandler implements ExceptionHandler<Exception, HttpResponse<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Where the AWS SDKs read the error type from. */
  static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

  @Override
  public HttpResponse<String> handle(HttpRequest request, Exception exception) {
    ApiException error = toApiError(exception);
    if (error.type().httpStatus() >= 500) {
      LOG.error("{} {} failed", request.getMethodName(), request.getPath(), exception);
    }
    String body = JSON.createObjectNode().put("message", error.getMessage()).toString();
    return HttpResponse.<String>status(HttpStatus.valueOf(error.type().httpStatus()))
        .header(ERROR_TYPE_HEADER, error.type().name())
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(body);
  }

  /** The App Mesh error a failure is answered with (also for failures inside a dry run). */
  public static ApiException toApiError(Exception exception) {
    if (exception instanceof ApiException api) {
      return api;
    }
    if (exception instanceof CompletionException wrapped && wrapped.getCause() instanceof Exception cause) {
      return toApiError(cause); // a failure passed on through a future: answered as the failure itself
    }
    if (exception instanceof StoreException store) {
      ErrorType type =
          switch (store.kind()) {
            case NOT_FOUND -> ErrorType.NotFoundException;
            case CONFLICT -> ErrorType.ConflictException;
            case IN_USE -> ErrorType.ResourceInUseException;
            case PRECONDITION_FAILED -> ErrorType.BadRequestException;
            case LIMIT_EXCEEDED -> ErrorType.LimitExceededException;
            case UNAVAILABLE -> ErrorType.ServiceUnavailableException;
          };
      return new ApiException(type, store.getMessage(), store);
    }
    if (exception instanceof HttpStatusException status && status.getStatus().getCode() < 500) {
      // Micronaut's own refusals of a request it cannot bind (a client error): the type of its status
      return new ApiException(AppMeshErrorResponses.typeOf(status.getStatus().getCode()), status.getMessage(), status);
    }
    return new ApiException(
        ErrorType.InternalServerErrorException,
        "The request failed inside Meshplane (" + exception.getClass().getSimpleName() + "); nothing was changed",
        exception);
  }
}
