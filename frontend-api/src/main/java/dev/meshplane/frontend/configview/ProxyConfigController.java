package dev.meshplane.frontend.configview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
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
import java.io.UncheckedIOException;

/**
 * Shows what the transformer stored for one proxy: its Envoy resources as Envoy's JSON (grouped
 * by type), with the generation, content hash and journal commit time of the item.
 */
@Controller("/meshplane/v1/meshes/{mesh}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProxyConfigController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConfigStore configs;
  private final RequestAuthenticator authenticator;
  private final OperationAuthorizer authorizer;

  public ProxyConfigController(ConfigStore configs, RequestAuthenticator authenticator, OperationAuthorizer authorizer) {
    this.configs = configs;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
  }

  @Get(uri = "/virtualNodes/{name}/config", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> virtualNode(HttpRequest<?> request, String mesh, String name) {
    return show(request, ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, name));
  }

  @Get(uri = "/virtualGateways/{name}/config", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> virtualGateway(HttpRequest<?> request, String mesh, String name) {
    return show(request, ResourceId.of(mesh, ResourceKind.VIRTUAL_GATEWAY, name));
  }

  /** Signed like any API call; allowed to whoever may DescribeVirtualNode/DescribeVirtualGateway the proxy. */
  private HttpResponse<String> show(HttpRequest<?> request, ResourceId proxy) {
    authorizer.authorizeConfigView(authenticator.authenticate(request, new byte[0]), proxy);
    ProxyConfigItem item = configs.get(proxy.key()).orElseThrow(() -> new ApiException(
        ErrorType.NotFoundException,
        "No config is stored for " + proxy.key() + " (yet): the transformer writes it within a tick of the change"));
    ObjectNode body = JSON.createObjectNode();
    body.put("proxy", item.key());
    body.put("generation", item.generation());
    body.put("contentHash", item.contentHash());
    body.put("journalCommitTime", item.journalCommitTime().toString());
    body.set("config", parse(EnvoyJson.print(StoredProxyConfigCodec.decode(item.payload()))));
    return HttpResponse.ok(body.toPrettyString()).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
