package dev.meshplane.frontend.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.AppMeshApi;
import dev.meshplane.frontend.api.Caller;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.frontend.api.WriteNotifier;
import dev.meshplane.frontend.limits.RequestThrottle;
import dev.meshplane.frontend.security.OperationAuthorizer;
import dev.meshplane.frontend.security.RequestAuthenticator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.concurrent.CompletableFuture;

/**
 * The App Mesh REST API (version 2019-01-25). Every request under {@code /v20190125} is routed
 * by the model's own HTTP bindings ({@link OperationCatalog}), bound and checked against the
 * model ({@link RequestBinder}), and answered by {@link AppMeshApi}. Every request is SigV4-verified
 * before anything else and authorized before it is answered, so a refused request changes nothing.
 */
@Controller("/v20190125")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AppMeshController {
  private final OperationCatalog catalog;
  private final RequestBinder binder;
  private final AppMeshApi api;

  private final WriteNotifier writes;
  private final RequestAuthenticator authenticator;
  private final OperationAuthorizer authorizer;
  private final RequestThrottle throttle;

  public AppMeshController(OperationCatalog catalog, RequestBinder binder, AppMeshApi api, WriteNotifier writes,
      RequestAuthenticator authenticator, OperationAuthorizer authorizer, RequestThrottle throttle) {
    this.catalog = catalog;
    this.binder = binder;
    this.api = api;
    this.writes = writes;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.throttle = throttle;
  }

  /**
   * Micronaut does not read a GET's body, so a signature over one could not be checked: a GET that
   * declares a body is refused before anything else (App Mesh's GETs take all input from path and query).
   */
  @Get(uri = "/{+path}", produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<String>> get(HttpRequest<?> request, String path) {
    if (request.getContentLength() > 0 || request.getHeaders().contains("Transfer-Encoding")) {
      throw new ApiException(ErrorType.BadRequestException,
          "A GET request has no body: App Mesh's GET operations take their input from the path and the query");
    }
    return handle(request, null);
  }

  @Put(uri = "/{+path}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<String>> put(HttpRequest<?> request, String path, @Nullable @Body byte[] body) {
    return handle(request, body);
  }

  @Delete(uri = "/{+path}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<String>> delete(HttpRequest<?> request, String path, @Nullable @Body byte[] body) {
    return handle(request, body);
  }

  /** Paths and methods outside the model still answer in the App Mesh error shape. */
  @Error(status = HttpStatus.NOT_FOUND, global = true)
  public HttpResponse<String> notFound(HttpRequest<?> request) {
    throw new ApiException(
        ErrorType.NotFoundException, "No App Mesh operation is bound to " + request.getMethodName() + " " + request.getPath());
  }

  @Error(status = HttpStatus.METHOD_NOT_ALLOWED, global = true)
  public HttpResponse<String> methodNotAllowed(HttpRequest<?> request) {
    throw new ApiException(
        ErrorType.BadRequestException,
        "No App Mesh operation is bound to " + request.getMethodName() + " " + request.getPath()
            + "; the API uses GET, PUT and DELETE");
  }

  /**
   * Answers once the operation is done; a resource write's answer is made on the store's writer
   * thread when its commit completes, so no handler thread waits through the commit (a thread per
   * write in flight otherwise, and each one more to schedule on a busy machine).
   */
  private CompletableFuture<HttpResponse<String>> handle(HttpRequest<?> request, byte[] received) {
    // The signature covers the bytes as received; only then is anything decoded (and refused when undecodable).
    byte[] bodyBytes = received == null ? new byte[0] : received;
    var principal = authenticator.authenticate(request, bodyBytes);
    String body = RequestBodies.text(request, bodyBytes);
    String method = request.getMethodName();
    String path = request.getUri().getRawPath();
    OperationCatalog.Match match =
        request.getAttribute(OperationCatalog.Match.ATTRIBUTE, OperationCatalog.Match.class)
            .or(() -> catalog.find(method, path))
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorType.NotFoundException, "No App Mesh operation is bound to " + method + " " + path));
    // A token per principal and operation class before anything is read or written.
    throttle.admit(principal.arn(), match.operation().name());
    Message input = binder.bind(match.operation(), match.pathVariables(), QueryParameters.parse(request.getUri().getRawQuery()), body);
    authorizer.authorize(principal, match.operation().name(), input);
    Operation operation = match.operation();
    return api.handleAsync(operation.name(), input, Caller.of(principal)).thenApply(answer -> {
      ObjectNode output = operation.name().equals("ListMeshes") ? authorizer.filterListedMeshes(principal, answer) : answer;
      if (!operation.httpMethod().equals("GET")) {
        writes.written();
      }
      return HttpResponse.<String>status(HttpStatus.valueOf(operation.successStatus()))
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(output.toString());
    });
  }
}
