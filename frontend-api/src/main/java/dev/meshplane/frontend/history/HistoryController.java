package dev.meshplane.frontend.history;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ApiSettings;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.frontend.security.OperationAuthorizer;
import dev.meshplane.frontend.security.RequestAuthenticator;
import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import dev.meshplane.store.JournaledStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /meshplane/v1/meshes/{mesh}/history} and {@code .../as-of}: who changed what in a mesh,
 * and the mesh as it was. Signed like any API call; allowed to whoever may DescribeMesh the mesh
 * (the history shows every resource of it).
 */
@Controller("/meshplane/v1/meshes/{mesh}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HistoryController {
  private static final int MAX_PAGE = 1000;
  private final MeshHistory history;
  private final RequestAuthenticator authenticator;
  private final OperationAuthorizer authorizer;

  public HistoryController(JournaledStore store, ApiSettings settings, RequestAuthenticator authenticator, OperationAuthorizer authorizer) {
    this.history = new MeshHistory(store, settings.region(), settings.accountId());
    this.authenticator = authenticator;
    this.authorizer = authorizer;
  }

  @Get(uri = "/history", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> history(
      HttpRequest<?> request,
      String mesh,
      @Nullable @QueryValue String resource,
      @Nullable @QueryValue String principal,
      @Nullable @QueryValue String since,
      @Nullable @QueryValue String until,
      @Nullable @QueryValue Long afterSeq,
      @Nullable @QueryValue Integer limit) {
    authorizer.authorizeConfigView(authenticator.authenticate(request, new byte[0]), ResourceId.mesh(mesh));
    int pageSize = limit == null ? 100 : limit;
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw new ApiException(ErrorType.BadRequestException, "limit: must be between 1 and " + MAX_PAGE + ", got " + pageSize);
    }
    String resourceKey = resource == null ? null : Arns.parse(resource).map(ResourceId::key)
        .orElseThrow(() -> new ApiException(ErrorType.BadRequestException,
            "resource: expected an App Mesh ARN or a key like mesh/m/virtualNode/n, got " + resource));
    HistoryQuery query = new HistoryQuery(resourceKey, principal, time("since", since), time("until", until),
        afterSeq == null ? 0 : afterSeq, pageSize);
    return json(history.history(mesh, query).toPrettyString());
  }

  @Get(uri = "/as-of", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> asOf(HttpRequest<?> request, String mesh, @Nullable @QueryValue Long seq, @Nullable @QueryValue String time) {
    authorizer.authorizeConfigView(authenticator.authenticate(request, new byte[0]), ResourceId.mesh(mesh));
    if ((seq == null) == (time == null)) {
      throw new ApiException(ErrorType.BadRequestException, "give exactly one of seq (a journal sequence number) and time (ISO-8601)");
    }
    return json(history.asOf(mesh, seq, time("time", time)).toPrettyString());
  }

  private static Instant time(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ApiException(ErrorType.BadRequestException, name + ": expected an ISO-8601 time like 2026-09-30T12:00:00Z, got " + value);
    }
  }

  private static HttpResponse<String> json(String body) {
    return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
