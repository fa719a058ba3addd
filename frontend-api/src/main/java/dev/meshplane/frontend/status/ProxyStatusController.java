package dev.meshplane.frontend.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.auth.Principal;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.frontend.security.OperationAuthorizer;
import dev.meshplane.frontend.security.RequestAuthenticator;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.proxyconfig.EnvoyJson;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * The status of a mesh's connected proxies, merged from what every Envoy management instance
 * published ({@link ProxyStatusStore}; instances whose heartbeat expired are left out): per
 * stream its client, per type what was sent and ACKed (SYNCED / STALE / NACKED with the error /
 * NOT_SENT), the generation and journal commit served and the last convergence. Per proxy also
 * the config each instance serves it, for {@code meshplane proxy-config}.
 */
@Controller("/meshplane/v1/meshes/{mesh}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProxyStatusController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProxyStatusStore statuses;
  private final RequestAuthenticator authenticator;
  private final OperationAuthorizer authorizer;
  private final Clock clock = Clock.systemUTC();

  public ProxyStatusController(ProxyStatusStore statuses, RequestAuthenticator authenticator,
      OperationAuthorizer authorizer) {
    this.statuses = statuses;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
  }

  /** Allowed to whoever may DescribeMesh; lists the proxies the caller may describe. */
  @Get(uri = "/proxies", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> mesh(HttpRequest<?> request, String mesh) {
    Principal principal = authenticator.authenticate(request, new byte[0]);
    authorizer.authorizeMeshView(principal, mesh);
    ObjectNode body = JSON.createObjectNode();
    body.put("mesh", mesh);
    ArrayNode proxies = body.putArray("proxies");
    for (ProxyStatusEntry entry : statuses.listMesh(mesh, clock.instant())) {
      if (entry.kind().equals(ProxyStatusEntry.STREAM)) {
        JsonNode doc = parse(entry.document());
        if (authorizer.mayViewProxy(principal, proxyOf(mesh, doc))) {
          proxies.add(doc);
        }
      }
    }
    return json(body);
  }

  @Get(uri = "/virtualNodes/{name}/proxies", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> virtualNode(HttpRequest<?> request, String mesh, String name) {
    return proxy(request, ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, name));
  }

  @Get(uri = "/virtualGateways/{name}/proxies", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> virtualGateway(HttpRequest<?> request, String mesh, String name) {
    return proxy(request, ResourceId.of(mesh, ResourceKind.VIRTUAL_GATEWAY, name));
  }

  /** Allowed as the proxy's config view; its streams, and what each instance serves it (decoded). */
  private HttpResponse<String> proxy(HttpRequest<?> request, ResourceId proxy) {
    authorizer.authorizeConfigView(authenticator.authenticate(request, new byte[0]), proxy);
    ObjectNode body = JSON.createObjectNode();
    body.put("proxy", proxy.key());
    ArrayNode streams = body.putArray("proxies");
    ArrayNode served = body.putArray("served");
    List<ProxyStatusEntry> entries = statuses.listMesh(proxy.mesh(), clock.instant()).stream()
        .filter(entry -> entry.proxyKey().equals(proxy.key()))
        .toList();
    for (ProxyStatusEntry entry : entries) {
      ObjectNode doc = (ObjectNode) parse(entry.document());
      if (entry.kind().equals(ProxyStatusEntry.SERVED)) {
        byte[] payload = Base64.getDecoder().decode(doc.remove("payload").asText());
        doc.set("config", parse(EnvoyJson.print(StoredProxyConfigCodec.decode(payload))));
        served.add(doc);
      } else {
        streams.add(doc);
      }
    }
    return json(body);
  }

  private static ResourceId proxyOf(String mesh, JsonNode doc) {
    ResourceKind kind = ResourceKind.fromApiName(doc.path("kind").asText()).orElse(ResourceKind.VIRTUAL_NODE);
    return ResourceId.of(mesh, kind, doc.path("name").asText());
  }

  private static HttpResponse<String> json(ObjectNode body) {
    return HttpResponse.ok(body.toPrettyString()).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
