package dev.meshplane.frontend.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.meshplane.frontend.limits.Quotas;
import dev.meshplane.frontend.rules.KindRules;
import dev.meshplane.frontend.rules.RulesRegistry;
import dev.meshplane.frontend.rules.Specs;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.TagRef;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.Mutation;
import dev.meshplane.store.Page;
import dev.meshplane.store.Precondition;
import dev.meshplane.store.StoredResource;
import dev.meshplane.store.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Create, describe, update, delete and list for every resource kind, on bound and
 * constraint-checked input messages. Kind-specific rules come from {@link RulesRegistry}; every
 * write is one {@link Mutation} applied by the journaled store.
 */
public final class ResourceOperations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_PAGE = 100;

  private final JournaledStore store;
  private final RulesRegistry rules;
  private final ApiSettings settings;
  private final ResourceRenderer renderer;
  private final Quotas quotas;
  private final PageTokens tokens;

  public ResourceOperations(
      JournaledStore store, RulesRegistry rules, ApiSettings settings, Quotas quotas, PageTokens tokens) {
    this.store = store;
    this.rules = rules;
    this.settings = settings;
    this.renderer = new ResourceRenderer(settings);
    this.quotas = quotas;
    this.tokens = tokens;
  }

  public ObjectNode create(ResourceKind kind, Message input, Caller caller) {
    return Futures.await(createAsync(kind, input, caller));
  }

  /** As {@link #create}: the checks run now, the answer comes when the store committed the write. */
  public CompletableFuture<ObjectNode> createAsync(ResourceKind kind, Message input, Caller caller) {
    ResourceId id = idOf(kind, input);
    checkOwner(input, caller);
    Prepared spec = prepare(kind, id, input);
    List<Tag> tags = Tags.fromRefs(Inputs.list(input, "tags"));
    return store.applyAsync(
            new Mutation.Create(
                id,
                spec.json(),
                tags,
                spec.references(),
                spec.preconditions(),
                Inputs.string(input, "clientToken"),
                meshOwnerFor(id, caller),
                caller.account(),
                caller.principal(),
                quotas.countLimit(kind)))
        .thenApply(result -> renderer.data(result.resource(), "ACTIVE"));
  }

  public ObjectNode describe(ResourceKind kind, Message input, Caller caller) {
    ResourceId id = idOf(kind, input);
    checkOwner(input, caller);
    return renderer.data(find(id), "ACTIVE");
  }

  public ObjectNode update(ResourceKind kind, Message input, Caller caller) {
    return Futures.await(updateAsync(kind, input, caller));
  }

  /** As {@link #update}: the checks run now, the answer comes when the store committed the write. */
  public CompletableFuture<ObjectNode> updateAsync(ResourceKind kind, Message input, Caller caller) {
    ResourceId id = idOf(kind, input);
    checkOwner(input, caller);
    Prepared spec = prepare(kind, id, input);
    return store.applyAsync(new Mutation.Update(id, null, spec.json(), spec.references(), spec.preconditions(), caller.principal()))
        .thenApply(result -> renderer.data(result.resource(), "ACTIVE"));
  }

  public ObjectNode delete(ResourceKind kind, Message input, Caller caller) {
    return Futures.await(deleteAsync(kind, input, caller));
  }

  /** As {@link #delete}: the checks run now, the answer comes when the store committed the write. */
  public CompletableFuture<ObjectNode> deleteAsync(ResourceKind kind, Message input, Caller caller) {
    ResourceId id = idOf(kind, input);
    checkOwner(input, caller);
    return store.applyAsync(new Mutation.Delete(id, null, caller.principal()))
        .thenApply(result -> renderer.data(result.resource(), "DELETED"));
  }

  public ObjectNode list(ResourceKind kind, Message input, String listMember, Caller caller) {
    checkOwner(input, caller);
    String mesh = Inputs.string(input, "meshName");
    String parentName = kind.parentKind().map(p -> Inputs.string(input, p.nameMember())).orElse(null);
    String scope = kind.arnSegment() + "/" + mesh + "/" + parentName;
    String token = Inputs.string(input, "nextToken");
    String after = token == null ? null : tokens.position(scope, token);
    Integer limit = Inputs.integer(input, "limit");
    if (kind != ResourceKind.MESH) {
      // Listing the children of a missing mesh, router or gateway is an error, not an empty page.
      find(parentName == null ? ResourceId.mesh(mesh) : ResourceId.of(mesh, kind.parentKind().orElseThrow(), parentName));
    }
    Page<StoredResource> page = store.list(kind, mesh, parentName, after, limit == null ? DEFAULT_PAGE : limit);
    ObjectNode output = JSON.createObjectNode();
    ArrayNode items = output.putArray(listMember);
    page.items().forEach(resource -> items.add(renderer.ref(resource)));
    if (page.lastName() != null) {
      output.put("nextToken", tokens.issue(scope, page.lastName()));
    }
    return output;
  }

  private StoredResource find(ResourceId id) {
    return store.get(id).orElseThrow(() -> new ApiException(ErrorType.NotFoundException, Names.describe(id) + " not found"));
  }

  private <S extends Message> Prepared prepare(ResourceKind kind, ResourceId id, Message input) {
    @SuppressWarnings("unchecked")
    KindRules<S> kindRules = (KindRules<S>) rules.forKind(kind);
    Message raw = Inputs.message(input, "spec");
    S spec = kindRules.typed(raw == null ? DynamicMessage.getDefaultInstance(kind.specDescriptor()) : raw);
    List<Violation> violations = kindRules.validate(spec);
    if (!violations.isEmpty()) {
      throw ApiException.badRequest(violations);
    }
    S stored = kindRules.withDefaults(spec);
    quotas.checkSpec(kind, stored);
    // The same JSON from either message; the bound (dynamic) one answers field reads from a map,
    // the generated one by reflection, so it is written from when no default changed it.
    Message written = stored == spec && raw != null ? raw : stored;
    return new Prepared(
        ProtoJson.toJsonString(written), kindRules.references(id, stored), kindRules.preconditions(id, stored));
  }

  private record Prepared(String json, Set<ResourceId> references, List<Precondition> preconditions) {}

  /** Cross-account sharing is not offered: naming another account than the caller's as meshOwner is forbidden. */
  private static void checkOwner(Message input, Caller caller) {
    String owner = Inputs.string(input, "meshOwner");
    if (owner != null && !owner.equals(caller.account())) {
      throw new ApiException(
          ErrorType.ForbiddenException,
          "meshOwner: account " + owner + " has shared no mesh with your account (" + caller.account()
              + "); leave meshOwner out or set it to " + caller.account());
    }
  }

  /** A mesh is owned by the account that creates it; what is created in a mesh keeps the mesh's owner. */
  private String meshOwnerFor(ResourceId id, Caller caller) {
    if (id.kind() == ResourceKind.MESH) {
      return caller.account();
    }
    return store.get(ResourceId.mesh(id.mesh())).map(StoredResource::meshOwner).orElse(caller.account());
  }

  static ResourceId idOf(ResourceKind kind, Message input) {
    String mesh = Inputs.string(input, "meshName");
    if (kind == ResourceKind.MESH) {
      return ResourceId.mesh(mesh);
    }
    String name = Inputs.string(input, kind.nameMember());
    return kind.parentKind()
        .map(parent -> ResourceId.child(mesh, kind, Inputs.string(input, parent.nameMember()), name))
        .orElseGet(() -> ResourceId.of(mesh, kind, name));
  }

  /** Converts tag members of inputs. */
  static final class Tags {
    private Tags() {}

    static List<Tag> fromRefs(List<Message> refs) {
      List<Tag> tags = new ArrayList<>();
      List<Violation> violations = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < refs.size(); i++) {
        TagRef ref = Specs.typed(refs.get(i), TagRef.getDefaultInstance());
        if (!keys.add(ref.getKey())) {
          violations.add(new Violation("tags[" + i + "].key", "\"" + ref.getKey() + "\" is given twice"));
        }
        tags.add(new Tag(ref.getKey(), ref.getValue()));
      }
      if (!violations.isEmpty()) {
        throw ApiException.badRequest(violations);
      }
      return tags;
    }
  }
}
