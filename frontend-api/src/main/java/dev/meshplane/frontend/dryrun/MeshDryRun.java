package dev.meshplane.frontend.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.meshplane.auth.Principal;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ApiSettings;
import dev.meshplane.frontend.api.AppMeshApi;
import dev.meshplane.frontend.api.Caller;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.frontend.api.PageTokens;
import dev.meshplane.frontend.api.ResourceOperations;
import dev.meshplane.frontend.api.TagOperations;
import dev.meshplane.frontend.http.ApiErrorHandler;
import dev.meshplane.frontend.http.Operation;
import dev.meshplane.frontend.limits.Quotas;
import dev.meshplane.frontend.rules.RulesRegistry;
import dev.meshplane.frontend.security.OperationAuthorizer;
import dev.meshplane.manifests.KindOrder;
import dev.meshplane.model.JsonDiff;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.Mutation;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import dev.meshplane.transformer.synth.SynthesisOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a list of writes to one mesh would do, without doing it: the writes run, with the real
 * binding, authorization, rules and store checks, against a scratch copy of the mesh (a temporary
 * SQLite store seeded with the mesh's resources), so they are refused exactly as the real writes
 * would be; then the mesh as it is and as it would be are synthesized by the transformer's pure
 * synthesizer and compared proxy by proxy. A proxy whose config would not change is not listed.
 */
final class MeshDryRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JournaledStore store;
  private final RulesRegistry rules;
  private final ApiSettings settings;
  private final Quotas quotas;
  private final OperationInputs inputs;
  private final OperationAuthorizer authorizer;
  /** The synthesis options the transformer runs with (its SDS source decides secret references). */
  private final SynthesisOptions options;

  MeshDryRun(JournaledStore store, RulesRegistry rules, ApiSettings settings, Quotas quotas, OperationInputs inputs,
      OperationAuthorizer authorizer, SynthesisOptions options) {
    this.store = store;
    this.rules = rules;
    this.settings = settings;
    this.quotas = quotas;
    this.inputs = inputs;
    this.authorizer = authorizer;
    this.options = options;
  }

  ObjectNode run(String mesh, JsonNode changes, Principal principal) {
    if (!changes.isArray()) {
      throw new ApiException(ErrorType.BadRequestException, "changes: must be a list of {\"operation\": ..., \"input\": {...}}");
    }
    Optional<MeshSnapshot> before = store.snapshot(mesh);
    Path scratchDir = scratchDirectory();
    try (JournaledStore scratch = JdbcJournaledStore.sqlite(scratchDir, Clock.systemUTC())) {
      before.ifPresent(snapshot -> seed(scratch, snapshot, principal));
      PageTokens tokens = new PageTokens(scratch.sharedKey("dry-run-page-tokens"));
      AppMeshApi api = new AppMeshApi(new ResourceOperations(scratch, rules, settings, quotas, tokens),
          new TagOperations(scratch, settings, tokens));
      ObjectNode result = JSON.createObjectNode();
      result.put("mesh", mesh);
      ArrayNode resourceChanges = result.putArray("changes");
      for (int i = 0; i < changes.size(); i++) {
        resourceChanges.add(apply(api, scratch, mesh, i, changes.get(i), principal));
      }
      Optional<MeshSnapshot> after = scratch.snapshot(mesh);
      result.set("proxies", proxyDiffs(before, after));
      return result;
    } finally {
      deleteQuietly(scratchDir);
    }
  }

  private ObjectNode apply(AppMeshApi api, JournaledStore scratch, String mesh, int index, JsonNode change, Principal principal) {
    String name = change.path("operation").asText();
    String where = "changes[" + index + "] " + name;
    try {
      Operation operation = inputs.operation(name);
      ResourceKind kind = writtenKind(name);
      Message input = inputs.bind(operation, change.path("input"));
      ResourceId id = idOf(kind, change.path("input"));
      if (!id.mesh().equals(mesh)) {
        throw new ApiException(ErrorType.BadRequestException, "meshName is " + id.mesh() + "; this dry run is of mesh " + mesh);
      }
      authorizer.authorize(principal, name, input);
      Optional<StoredResource> was = scratch.get(id);
      api.handle(name, input, Caller.of(principal));
      Optional<StoredResource> is = scratch.get(id);
      ObjectNode out = JSON.createObjectNode();
      out.put("operation", name);
      out.put("resource", id.key());
      ArrayNode diff = out.putArray("diff");
      JsonDiff.lines(was.map(MeshDryRun::spec).orElse(null), is.map(MeshDryRun::spec).orElse(null), "spec").forEach(diff::add);
      return out;
    } catch (RuntimeException e) {
      ApiException error = ApiErrorHandler.toApiError(e);
      throw new ApiException(error.type(), where + ": " + error.getMessage(), e);
    }
  }

  /** Create, Update or Delete of a resource kind: what a dry run previews. */
  private static ResourceKind writtenKind(String operation) {
    for (String verb : List.of("Create", "Update", "Delete")) {
      if (operation.startsWith(verb)) {
        Optional<ResourceKind> kind = ResourceKind.fromApiName(operation.substring(verb.length()));
        if (kind.isPresent()) {
          return kind.get();
        }
      }
    }
    throw new ApiException(ErrorType.BadRequestException, "a dry run previews Create, Update and Delete operations, not " + operation);
  }

  private static ResourceId idOf(ResourceKind kind, JsonNode input) {
    String mesh = input.path("meshName").asText();
    if (kind == ResourceKind.MESH) {
      return ResourceId.mesh(mesh);
    }
    String name = input.path(kind.nameMember()).asText();
    return kind.parentKind()
        .map(parent -> ResourceId.child(mesh, kind, input.path(parent.nameMember()).asText(), name))
        .orElseGet(() -> ResourceId.of(mesh, kind, name));
  }

  /** The mesh's resources written into the scratch store as they are, parents and references first. */
  private static void seed(JournaledStore scratch, MeshSnapshot snapshot, Principal principal) {
    List<StoredResource> ordered = new ArrayList<>(snapshot.resources());
    ordered.sort(Comparator.comparing((StoredResource r) -> r.id().kind(), KindOrder.creation()));
    for (StoredResource resource : ordered) {
      scratch.apply(new Mutation.Create(resource.id(), resource.specJson(), resource.tags(), resource.references(), List.of(),
          null, resource.meshOwner(), resource.resourceOwner(), principal.arn()));
    }
  }

  private ArrayNode proxyDiffs(Optional<MeshSnapshot> before, Optional<MeshSnapshot> after) {
    EnvoyMeshSynthesizer synthesizer = new EnvoyMeshSynthesizer(options);
    Map<String, SynthesizedProxy> was = proxies(synthesizer, before);
    Map<String, SynthesizedProxy> is = proxies(synthesizer, after);
    TreeSet<String> keys = new TreeSet<>(was.keySet());
    keys.addAll(is.keySet());
    ArrayNode proxies = JSON.createArrayNode();
    for (String key : keys) {
      SynthesizedProxy old = was.get(key);
      SynthesizedProxy now = is.get(key);
      ObjectNode diff = ProxyConfigDiff.of(key, old == null ? null : old.payload(), now == null ? null : now.payload());
      if (diff != null) {
        if (now != null) {
          // the transformer keeps the last good config of a proxy whose new config fails these
          ArrayNode violations = diff.putArray("violations");
          now.violations().get().forEach(violations::add);
        }
        proxies.add(diff);
      }
    }
    return proxies;
  }

  private static Map<String, SynthesizedProxy> proxies(EnvoyMeshSynthesizer synthesizer, Optional<MeshSnapshot> snapshot) {
    Map<String, SynthesizedProxy> proxies = new LinkedHashMap<>();
    snapshot.ifPresent(s -> synthesizer.synthesize(s).forEach(proxy -> proxies.put(proxy.key(), proxy)));
    return proxies;
  }

  private static JsonNode spec(StoredResource resource) {
    try {
      return JSON.readTree(resource.specJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path scratchDirectory() {
    try {
      return Files.createTempDirectory("meshplane-dry-run-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Iterator<Path> it = walk.sorted(Comparator.reverseOrder()).iterator(); it.hasNext(); ) {
        Files.deleteIfExists(it.next());
      }
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
