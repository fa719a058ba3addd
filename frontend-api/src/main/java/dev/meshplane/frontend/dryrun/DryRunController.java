package dev.meshplane.frontend.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ApiSettings;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.frontend.http.OperationCatalog;
import dev.meshplane.frontend.http.RequestBinder;
import dev.meshplane.frontend.limits.Quotas;
import dev.meshplane.frontend.rules.RulesRegistry;
import dev.meshplane.frontend.security.OperationAuthorizer;
import dev.meshplane.frontend.security.RequestAuthenticator;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.transformer.synth.SynthesisOptions;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /meshplane/v1/meshes/{mesh}/dry-run} with {@code {"changes": [{"operation":
 * "UpdateRoute", "input": {...}}, ...]}}: the resource diffs and the Envoy config diff of every
 * proxy the writes would change, writing nothing. Signed like any call; each change is authorized
 * as the write it previews.
 */
@Controller("/meshplane/v1/meshes/{mesh}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DryRunController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MeshDryRun dryRun;
  private final RequestAuthenticator authenticator;

  public DryRunController(JournaledStore store, RulesRegistry rules, ApiSettings settings, Quotas quotas, OperationCatalog catalog,
      RequestBinder binder, OperationAuthorizer authorizer, RequestAuthenticator authenticator,
      @Nullable @Value("${meshplane.sds.source:}") String sdsSource, @Nullable @Value("${meshplane.secrets-dir:}") String secretsDir) {
    this.dryRun = new MeshDryRun(store, rules, settings, quotas, new OperationInputs(catalog, binder), authorizer,
        synthesisOptions(sdsSource, secretsDir));
    this.authenticator = authenticator;
  }

  /** As the launcher chooses them for the transformer (SdsSourceSetting): the setting, else secrets-dir when one is given. */
  static SynthesisOptions synthesisOptions(String sdsSource, String secretsDir) {
    if (sdsSource != null && !sdsSource.isBlank()) {
      return new SynthesisOptions(SynthesisOptions.SdsSource.of(sdsSource));
    }
    return new SynthesisOptions(secretsDir != null && !secretsDir.isBlank() ? SynthesisOptions.SdsSource.SECRETS_DIR : SynthesisOptions.SdsSource.AGENT);
  }

  @Post(uri = "/dry-run", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> dryRun(HttpRequest<?> request, String mesh, @Nullable @Body byte[] body) {
    byte[] bytes = body == null ? new byte[0] : body;
    var principal = authenticator.authenticate(request, bytes);
    JsonNode document;
    try {
      document = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ApiException(ErrorType.BadRequestException, "The request body is not valid JSON: " + e.getMessage());
    }
    if (document == null || !document.isObject()) {
      throw new ApiException(ErrorType.BadRequestException, "The request body must be {\"changes\": [...]}");
    }
    String out = dryRun.run(mesh, document.path("changes"), principal).toPrettyString();
    return HttpResponse.ok(out).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
