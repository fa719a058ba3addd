package dev.meshplane.frontend.limits;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.frontend.http.ApiErrorHandler;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * The largest request body the API reads, {@code meshplane.limits.max-request-body-bytes} (1 MiB:
 * App Mesh specs are a few KiB). It becomes Micronaut's own {@code max-request-size}, so a larger
 * body is refused while it arrives, and that refusal is answered in the App Mesh error shape
 * ({@code LimitExceededException}) instead of Micronaut's 413 page.
 */
public final class RequestBodyLimit {
  public static final String KEY = Quotas.PREFIX + "max-request-body-bytes";
  public static final long DEFAULT_BYTES = 1024 * 1024;

  private RequestBodyLimit() {}

  /** Sets the server's request size limit from the Meshplane setting. */
  @Singleton
  static class ServerSize implements BeanCreatedEventListener<HttpServerConfiguration> {
    private final long maxBytes;

    ServerSize(@Value("${" + KEY + ":" + DEFAULT_BYTES + "}") long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException(KEY + " must be at least 1, got " + maxBytes);
      }
      this.maxBytes = maxBytes;
    }

    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
      event.getBean().setMaxRequestSize(maxBytes);
      return event.getBean();
    }
  }

  /** Replaces Micronaut's handler for bodies over the limit with the App Mesh error shape. */
  @Singleton
  @Produces
  @Replaces(ContentLengthExceededHandler.class)
  static class TooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<String>> {
    private final ApiErrorHandler errors;
    private final long maxBytes;

    TooLargeHandler(ApiErrorHandler errors, @Value("${" + KEY + ":" + DEFAULT_BYTES + "}") long maxBytes) {
      this.errors = errors;
      this.maxBytes = maxBytes;
    }

    @Override
    public HttpResponse<String> handle(HttpRequest request, ContentLengthExceededException exception) {
      return errors.handle(
          request,
          new ApiException(
              ErrorType.LimitExceededException,
              "The request body is larger than " + maxBytes + " bytes, the limit of " + KEY
                  + " (" + exception.getMessage() + ")",
              exception));
    }
  }
}
