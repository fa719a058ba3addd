package dev.meshplane.store;

import static dev.meshplane.model.ResourceKind.GATEWAY_ROUTE;
import static dev.meshplane.model.ResourceKind.MESH;
import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_GATEWAY;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.model.ResourceId;
import dev.meshplane.store.JournalEntry.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.threeten.extra.MutableClock;

/**
 * What every {@link JournaledStore} must do, run against each database by a subclass. Tests share
 * a database where the subclass wants it, so each works in meshes of its own and reads the
 * journal from where it stood when the test began.
 */
public abstract class JournaledStoreContract {

  protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  protected final MutableClock clock = MutableClock.of(START, ZoneOffset.UTC);
  protected JournaledStore store;
  private String mesh;

  /** A store on the subclass's database; may hold what earlier tests wrote. */
  protected abstract JournaledStore openStore();

  /** A store on an empty database of its own. */
  protected abstract JournaledStore openIsolatedStore();

  @BeforeEach
  void open(TestInfo test) {
    store = openStore();
    mesh = test.getTestMethod().orElseThrow().getName().toLowerCase();
  }

  @AfterEach
  void close() {
    store.close();
  }

  // --- ids and mutations -------------------------------------------------------------------------

  protected ResourceId meshId() {
    return ResourceId.mesh(mesh);
  }

  protected ResourceId id(dev.meshplane.model.ResourceKind kind, String name) {
    return ResourceId.of(mesh, kind, name);
  }

  protected ResourceId route(String router, String name) {
    return ResourceId.child(mesh, ROUTE, router, name);
  }

  protected ResourceId gatewayRoute(String gateway, String name) {
    return ResourceId.child(mesh, GATEWAY_ROUTE, gateway, name);
  }

  protected static Mutation.Create create(ResourceId id, ResourceId... references) {
    return new Mutation.Create(
        id, spec(1), List.of(), Set.of(references), List.of(), null, "111122223333", "111122223333", "alice");
  }

  protected static Mutation.Create createWithToken(ResourceId id, String clientToken) {
    return new Mutation.Create(
        id, spec(1), List.of(), Set.of(), List.of(), clientToken, "111122223333", "111122223333", "alice");
  }

  protected static Mutation.Update update(ResourceId id, Long expectedVersion, ResourceId... references) {
    return new Mutation.Update(id, expectedVersion, spec(2), Set.of(references), List.of(), "bob");
  }

  protected static String spec(int marker) {
    return "{\"marker\":" + marker + "}";
  }

  protected StoredResource created(ResourceId id, ResourceId... references) {
    return store.apply(create(id, references)).resource();
  }

  /** The mesh plus one virtual node, router, route, gateway and gateway route in it. */
  private void meshWithOneOfEach() {
    created(meshId());
    created(id(VIRTUAL_NODE, "node"));
    created(id(VIRTUAL_ROUTER, "router"));
    created(route("router", "route"), id(VIRTUAL_NODE, "node"));
    created(id(VIRTUAL_SERVICE, "service"), id(VIRTUAL_ROUTER, "router"));
    created(id(VIRTUAL_GATEWAY, "gateway"));
    created(gatewayRoute("gateway", "gatewayroute"), id(VIRTUAL_SERVICE, "service"));
  }

  private long journalHead() {
    long head = 0;
    List<JournalEntry> page;
    while (!(page = store.journalAfter(head, 1000)).isEmpty()) {
      head = page.get(page.size() - 1).seq();
    }
    return head;
  }

  private static void assertRefused(ThrowingCallable write, StoreException.Kind kind, String message) {
    assertThatThrownBy(write)
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessage(message);
  }

  // --- lifecycle ---------------------------------------------------------------------------------

  @Test
  void everyKindIsCreatedReadUpdatedAndDeleted() {
    meshWithOneOfEach();
    List<ResourceId> all =
        List.of(
            meshId(),
            id(VIRTUAL_NODE, "node"),
            id(VIRTUAL_ROUTER, "router"),
            route("router", "route"),
            id(VIRTUAL_SERVICE, "service"),
            id(VIRTUAL_GATEWAY, "gateway"),
            gatewayRoute("gateway", "gatewayroute"));
    for (ResourceId id : all) {
      StoredResource stored = store.get(id).orElseThrow();
      assertThat(stored.id()).isEqualTo(id);
      assertThat(stored.version()).isEqualTo(1);
      assertThat(stored.uid()).hasSize(36);
      assertThat(stored.createdAt()).isEqualTo(START);
      assertThat(stored.lastUpdatedAt()).isEqualTo(START);
      assertThat(stored.specJson()).isEqualTo(spec(1));
      assertThat(stored.meshOwner()).isEqualTo("111122223333");
      assertThat(stored.resourceOwner()).isEqualTo("111122223333");
    }
    assertThat(store.get(route("router", "route")).orElseThrow().references())
        .containsExactly(id(VIRTUAL_NODE, "node"));

    clock.add(Duration.ofMinutes(1));
    for (ResourceId id : all) {
      StoredResource before = store.get(id).orElseThrow();
      WriteResult result = store.apply(update(id, 1L, before.references().toArray(ResourceId[]::new)));
      assertThat(result.replayed()).isFalse();
      assertThat(result.resource().version()).isEqualTo(2);
      assertThat(store.get(id)).contains(result.resource());
      assertThat(result.resource().uid()).isEqualTo(before.uid());
      assertThat(result.resource().createdAt()).isEqualTo(START);
      assertThat(result.resource().lastUpdatedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
      assertThat(result.resource().specJson()).isEqualTo(spec(2));
    }

    for (ResourceId id : List.of(all.get(6), all.get(5), all.get(4), all.get(3), all.get(2), all.get(1), all.get(0))) {
      StoredResource before = store.get(id).orElseThrow();
      WriteResult result = store.apply(new Mutation.Delete(id, null, "carol"));
      assertThat(result.resource()).isEqualTo(before);
      assertThat(store.get(id)).isEmpty();
    }
  }

  @Test
  void createRefusesAMissingParent() {
    assertRefused(() -> store.apply(create(id(VIRTUAL_NODE, "node"))), StoreException.Kind.NOT_FOUND,
        "Mesh " + mesh + " not found");
    created(meshId());
    assertRefused(() -> store.apply(create(route("router", "route"))), StoreException.Kind.NOT_FOUND,
        "Virtual router router not found in mesh " + mesh);
    assertRefused(() -> store.apply(create(gatewayRoute("gateway", "gr"))), StoreException.Kind.NOT_FOUND,
        "Virtual gateway gateway not found in mesh " + mesh);
  }

  @Test
  void createRefusesAnExistingName() {
    created(meshId());
    created(id(VIRTUAL_NODE, "node"));
    assertRefused(() -> store.apply(create(id(VIRTUAL_NODE, "node"))), StoreException.Kind.CONFLICT,
        "Virtual node node already exists in mesh " + mesh);
    assertRefused(() -> store.apply(create(meshId())), StoreException.Kind.CONFLICT,
        "Mesh " + mesh + " already exists");
    created(id(VIRTUAL_ROUTER, "router"));
    created(route("router", "route"));
    assertRefused(() -> store.apply(create(route("router", "route"))), StoreException.Kind.CONFLICT,
        "Route route of virtual router router already exists in mesh " + mesh);
  }

  @Test
  void aRepeatedClientTokenReturnsTheFirstCreateWithoutWriting() {
    created(meshId());
    WriteResult first = store.apply(createWithToken(id(VIRTUAL_NODE, "node"), "token-1"));
    long head = journalHead();
    long generation = store.meshGeneration(mesh);
    clock.add(Duration.ofSeconds(5));

    WriteResult again = store.apply(createWithToken(id(VIRTUAL_NODE, "node"), "token-1"));

    assertThat(again.replayed()).isTrue();
    assertThat(again.resource()).isEqualTo(first.resource());
    assertThat(again.journalSeq()).isEqualTo(first.journalSeq());
    assertThat(journalHead()).isEqualTo(head);
    assertThat(store.meshGeneration(mesh)).isEqualTo(generation);
    assertRefused(() -> store.apply(createWithToken(id(VIRTUAL_NODE, "node"), "token-2")),
        StoreException.Kind.CONFLICT, "Virtual node node already exists in mesh " + mesh);
    assertRefused(() -> store.apply(createWithToken(id(VIRTUAL_NODE, "node"), null)),
        StoreException.Kind.CONFLICT, "Virtual node node already exists in mesh " + mesh);
  }

  // --- references and children -------------------------------------------------------------------

  @Test
  void referencesMustExist() {
    created(meshId());
    created(id(VIRTUAL_ROUTER, "router"));
    assertRefused(() -> store.apply(create(route("router", "route"), id(VIRTUAL_NODE, "missing"))),
        StoreException.Kind.NOT_FOUND,
        "Virtual node missing in mesh " + mesh + " not found (referenced by route route of virtual router router)");
    created(route("router", "route"));
    assertRefused(() -> store.apply(update(route("router", "route"), null, id(VIRTUAL_NODE, "missing"))),
        StoreException.Kind.NOT_FOUND,
        "Virtual node missing in mesh " + mesh + " not found (referenced by route route of virtual router router)");
    assertThat(store.get(route("router", "route")).orElseThrow().references()).isEmpty();
  }

  @Test
  void aReferencedResourceIsInUseUntilItsReferrersLetGo() {
    created(meshId());
    ResourceId node = id(VIRTUAL_NODE, "node");
    created(node);
    created(id(VIRTUAL_ROUTER, "router"));
    created(route("router", "route"), node);
    created(id(VIRTUAL_SERVICE, "service"), node);

    assertRefused(() -> store.apply(new Mutation.Delete(node, null, "carol")), StoreException.Kind.IN_USE,
        "Virtual node node in mesh " + mesh
            + " is in use: referenced by route route of virtual router router, virtual service service");

    store.apply(update(route("router", "route"), null));
    store.apply(update(id(VIRTUAL_SERVICE, "service"), null, id(VIRTUAL_ROUTER, "router")));
    assertThat(store.get(id(VIRTUAL_SERVICE, "service")).orElseThrow().references())
        .containsExactly(id(VIRTUAL_ROUTER, "router"));
    store.apply(new Mutation.Delete(node, null, "carol"));
    assertThat(store.get(node)).isEmpty();
  }

  @Test
  void anInUseMessageNamesFiveReferrers() {
    created(meshId());
    ResourceId node = id(VIRTUAL_NODE, "node");
    created(node);
    for (int i = 1; i <= 7; i++) {
      created(id(VIRTUAL_SERVICE, "service" + i), node);
    }
    assertRefused(() -> store.apply(new Mutation.Delete(node, null, "carol")), StoreException.Kind.IN_USE,
        "Virtual node node in mesh " + mesh + " is in use: referenced by virtual service service1,"
            + " virtual service service2, virtual service service3, virtual service service4,"
            + " virtual service service5, ...");
  }

  @Test
  void deleteRefusesWhileChildrenExist() {
    meshWithOneOfEach();
    assertRefused(() -> store.apply(new Mutation.Delete(meshId(), null, "carol")), StoreException.Kind.IN_USE,
        "Mesh " + mesh + " still has 6 resources: virtual gateway gateway,"
            + " gateway route gatewayroute of virtual gateway gateway, virtual node node,"
            + " virtual router router, route route of virtual router router, ...");
    assertRefused(() -> store.apply(new Mutation.Delete(id(VIRTUAL_ROUTER, "router"), null, "carol")),
        StoreException.Kind.IN_USE,
        "Virtual router router in mesh " + mesh + " still has 1 route: route route");
    created(route("router", "other"));
    assertRefused(() -> store.apply(new Mutation.Delete(id(VIRTUAL_ROUTER, "router"), null, "carol")),
        StoreException.Kind.IN_USE,
        "Virtual router router in mesh " + mesh + " still has 2 routes: route other, route route");
    assertRefused(() -> store.apply(new Mutation.Delete(id(VIRTUAL_GATEWAY, "gateway"), null, "carol")),
        StoreException.Kind.IN_USE,
        "Virtual gateway gateway in mesh " + mesh + " still has 1 gateway route: gateway route gatewayroute");
  }

  // --- preconditions and versions ------------------------------------------------------------------

  @Test
  void preconditionsSeeTheirSubjectInsideTheWrite() {
    created(meshId());
    ResourceId router = id(VIRTUAL_ROUTER, "router");
    created(router);
    List<StoredResource> seen = new ArrayList<>();
    Precondition grpcOnly =
        new Precondition(router, subject -> {
          seen.add(subject);
          return Optional.of("Route type grpc does not match the listener protocol http of virtual router router");
        });
    assertRefused(
        () -> store.apply(new Mutation.Create(route("router", "route"), spec(1), List.of(), Set.of(),
            List.of(grpcOnly), null, null, null, "alice")),
        StoreException.Kind.PRECONDITION_FAILED,
        "Route type grpc does not match the listener protocol http of virtual router router");
    assertThat(seen).containsExactly(store.get(router).orElseThrow());
    assertThat(store.get(route("router", "route"))).isEmpty();

    Precondition passes = new Precondition(router, subject -> Optional.empty());
    store.apply(new Mutation.Create(route("router", "route"), spec(1), List.of(), Set.of(), List.of(passes),
        null, null, null, "alice"));
    assertRefused(
        () -> store.apply(new Mutation.Update(route("router", "route"), null, spec(2), Set.of(), List.of(grpcOnly),
            "bob")),
        StoreException.Kind.PRECONDITION_FAILED,
        "Route type grpc does not match the listener protocol http of virtual router router");

    Precondition onMissing = new Precondition(id(VIRTUAL_ROUTER, "gone"), subject -> Optional.empty());
    assertRefused(
        () -> store.apply(new Mutation.Update(route("router", "route"), null, spec(2), Set.of(), List.of(onMissing),
            "bob")),
        StoreException.Kind.NOT_FOUND,
        "Virtual router gone in mesh " + mesh + " not found (required by route route of virtual router router)");
    assertThat(store.get(route("router", "route")).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void preconditionsReadFurtherResourcesInsideTheWrite() {
    created(meshId());
    ResourceId router = id(VIRTUAL_ROUTER, "router");
    created(router);
    ResourceId node = id(VIRTUAL_NODE, "node");
    created(node);
    List<Optional<StoredResource>> read = new ArrayList<>();
    Precondition viaNode = new Precondition(router, (subject, resources) -> {
      read.add(resources.find(node));
      read.add(resources.find(id(VIRTUAL_NODE, "gone")));
      return Optional.of("node read");
    });
    assertRefused(
        () -> store.apply(new Mutation.Create(route("router", "route"), spec(1), List.of(), Set.of(),
            List.of(viaNode), null, null, null, "alice")),
        StoreException.Kind.PRECONDITION_FAILED,
        "node read");
    assertThat(read).containsExactly(store.get(node), Optional.empty());
  }

  @Test
  void anExpectedVersionMustMatch() {
    created(meshId());
    ResourceId node = id(VIRTUAL_NODE, "node");
    created(node);
    store.apply(update(node, 1L));
    assertRefused(() -> store.apply(update(node, 1L)), StoreException.Kind.CONFLICT,
        "Virtual node node in mesh " + mesh + " is at version 2, not the expected version 1");
    assertRefused(() -> store.apply(new Mutation.Delete(node, 3L, "carol")), StoreException.Kind.CONFLICT,
        "Virtual node node in mesh " + mesh + " is at version 2, not the expected version 3");
    store.apply(new Mutation.Delete(node, 2L, "carol"));
    assertThat(store.get(node)).isEmpty();
  }

  @Test
  void writesToMissingResourcesAreNotFound() {
    created(meshId());
    ResourceId node = id(VIRTUAL_NODE, "node");
    String message = "Virtual node node not found in mesh " + mesh;
    assertRefused(() -> store.apply(update(node, null)), StoreException.Kind.NOT_FOUND, message);
    assertRefused(() -> store.apply(new Mutation.Delete(node, null, "carol")), StoreException.Kind.NOT_FOUND, message);
    assertRefused(() -> store.apply(new Mutation.TagResource(node, List.of(new Tag("a", "b")), "dave")),
        StoreException.Kind.NOT_FOUND, message);
    assertRefused(() -> store.apply(new Mutation.UntagResource(node, List.of("a"), "dave")),
        StoreException.Kind.NOT_FOUND, message);
    assertRefused(() -> store.apply(update(route("router", "route"), null)), StoreException.Kind.NOT_FOUND,
        "Route route of virtual router router not found in mesh " + mesh);
  }

  // --- tags ----------------------------------------------------------------------------------------

  @Test
  void tagsMergeByKeyAndLeaveTheVersionAlone() {
    created(meshId());
    ResourceId node = id(VIRTUAL_NODE, "node");
    store.apply(new Mutation.Create(node, spec(1), List.of(new Tag("team", "a"), new Tag("tier", "1")), Set.of(),
        List.of(), null, null, null, "alice"));
    clock.add(Duration.ofMinutes(1));

    WriteResult tagged = store.apply(new Mutation.TagResource(node,
        List.of(new Tag("env", "prod"), new Tag("team", "b")), "dave"));
    assertThat(tagged.resource().tags())
        .containsExactly(new Tag("team", "b"), new Tag("tier", "1"), new Tag("env", "prod"));
    assertThat(tagged.resource().version()).isEqualTo(1);
    assertThat(tagged.resource().lastUpdatedAt()).isEqualTo(START);
    assertThat(store.get(node)).contains(tagged.resource());

    WriteResult untagged = store.apply(new Mutation.UntagResource(node, List.of("tier", "absent"), "dave"));
    assertThat(untagged.resource().tags()).containsExactly(new Tag("team", "b"), new Tag("env", "prod"));
    assertThat(store.get(node)).contains(untagged.resource());
    assertThat(store.journalAfter(tagged.journalSeq() - 1, 10))
        .extracting(JournalEntry::operation, JournalEntry::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Operation.TAG, 1L),
            org.assertj.core.groups.Tuple.tuple(Operation.UNTAG, 1L));
  }

  // --- listing -------------------------------------------------------------------------------------

  @Test
  void listingPagesInNameOrder() {
    created(meshId());
    for (int i = 249; i >= 0; i--) {
      created(id(VIRTUAL_NODE, String.format("node-%03d", i)));
    }
    created(id(VIRTUAL_ROUTER, "router"));

    Page<StoredResource> first = store.list(VIRTUAL_NODE, mesh, null, null, 100);
    Page<StoredResource> second = store.list(VIRTUAL_NODE, mesh, null, first.lastName(), 100);
    Page<StoredResource> third = store.list(VIRTUAL_NODE, mesh, null, second.lastName(), 100);

    assertThat(first.items()).hasSize(100);
    assertThat(first.items().get(0).id().name()).isEqualTo("node-000");
    assertThat(first.lastName()).isEqualTo("node-099");
    assertThat(second.items()).hasSize(100);
    assertThat(second.items().get(0).id().name()).isEqualTo("node-100");
    assertThat(second.lastName()).isEqualTo("node-199");
    assertThat(third.items()).hasSize(50);
    assertThat(third.lastName()).isNull();
    assertThat(third.items().get(49).id().name()).isEqualTo("node-249");

    Page<StoredResource> exact = store.list(VIRTUAL_NODE, mesh, null, "node-149", 100);
    assertThat(exact.items()).hasSize(100);
    assertThat(exact.lastName()).isNull();
    assertThat(store.list(VIRTUAL_NODE, "other-" + mesh, null, null, 100).items()).isEmpty();
  }

  @Test
  void listingFindsMeshesAnywhereAndRoutesUnderTheirRouter() {
    created(meshId());
    created(ResourceId.mesh(mesh + "-b"));
    created(id(VIRTUAL_ROUTER, "r1"));
    created(id(VIRTUAL_ROUTER, "r2"));
    created(route("r1", "a"));
    created(route("r1", "b"));
    created(route("r2", "c"));

    assertThat(store.list(MESH, "ignored", null, null, 1000).items())
        .extracting(StoredResource::id)
        .contains(meshId(), ResourceId.mesh(mesh + "-b"));
    assertThat(store.list(ROUTE, mesh, "r1", null, 10).items())
        .extracting(r -> r.id().name())
        .containsExactly("a", "b");
    Page<StoredResource> page = store.list(ROUTE, mesh, "r1", null, 1);
    assertThat(page.items()).extracting(r -> r.id().name()).containsExactly("a");
    assertThat(page.lastName()).isEqualTo("a");
  }

  // --- journal, generations, snapshots --------------------------------------------------------------

  @Test
  void everyAcknowledgedWriteAppendsOneEntryInOrder() throws Exception {
    long head = journalHead();
    created(meshId());
    clock.add(Duration.ofSeconds(1));
    ResourceId node = id(VIRTUAL_NODE, "node");
    store.apply(new Mutation.Create(node, "{\"listeners\":[{\"port\":8080}]}", List.of(new Tag("team", "a")),
        Set.of(), List.of(), null, null, null, "alice"));
    store.apply(update(node, null));
    store.apply(new Mutation.TagResource(node, List.of(new Tag("env", "prod")), "dave"));
    store.apply(new Mutation.UntagResource(node, List.of("env"), "dave"));
    store.apply(new Mutation.Delete(node, null, "carol"));

    List<JournalEntry> entries = store.journalAfter(head, 100);
    assertThat(entries).extracting(JournalEntry::seq)
        .containsExactly(head + 1, head + 2, head + 3, head + 4, head + 5, head + 6);
    assertThat(entries).extracting(JournalEntry::operation)
        .containsExactly(Operation.CREATE, Operation.CREATE, Operation.UPDATE, Operation.TAG, Operation.UNTAG,
            Operation.DELETE);
    assertThat(entries).extracting(JournalEntry::version).containsExactly(1L, 1L, 2L, 2L, 2L, 2L);
    assertThat(entries).extracting(JournalEntry::principal)
        .containsExactly("alice", "alice", "bob", "dave", "dave", "carol");
    assertThat(entries.get(0).id()).isEqualTo(meshId());
    assertThat(entries.get(0).at()).isEqualTo(START);
    assertThat(entries.get(1).at()).isEqualTo(START.plusSeconds(1));

    JsonNode created = JSON.readTree(entries.get(1).body());
    assertThat(created.get("key").asText()).isEqualTo(node.key());
    assertThat(created.get("uid").asText()).hasSize(36);
    assertThat(created.get("version").asLong()).isEqualTo(1);
    assertThat(created.get("spec").get("listeners").get(0).get("port").asInt()).isEqualTo(8080);
    assertThat(created.get("tags")).isEqualTo(JSON.readTree("[{\"key\":\"team\",\"value\":\"a\"}]"));
    assertThat(created.get("meshOwner")).isNull();
    JsonNode deleted = JSON.readTree(entries.get(5).body());
    assertThat(deleted.get("spec")).isEqualTo(JSON.readTree(spec(2)));
    assertThat(store.journalAfter(head + 2, 2)).extracting(JournalEntry::seq).containsExactly(head + 3, head + 4);
  }

  @Test
  void everyWriteBumpsItsMeshGeneration() {
    assertThat(store.meshGeneration(mesh)).isZero();
    created(meshId());
    assertThat(store.meshGeneration(mesh)).isEqualTo(1);
    created(ResourceId.mesh(mesh + "-other"));
    ResourceId node = id(VIRTUAL_NODE, "node");
    created(node);
    store.apply(update(node, null));
    store.apply(new Mutation.TagResource(node, List.of(new Tag("a", "b")), "dave"));
    assertThat(store.meshGeneration(mesh)).isEqualTo(4);
    assertThat(store.meshGeneration(mesh + "-other")).isEqualTo(1);
    store.apply(new Mutation.Delete(node, null, "carol"));
    store.apply(new Mutation.Delete(meshId(), null, "carol"));
    assertThat(store.meshGeneration(mesh)).isEqualTo(6);
    created(meshId());
    assertThat(store.meshGeneration(mesh)).isEqualTo(7);
  }

  @Test
  void aSnapshotHoldsTheWholeMeshInOrder() {
    assertThat(store.snapshot(mesh)).isEmpty();
    meshWithOneOfEach();
    created(id(VIRTUAL_NODE, "another"));
    java.time.Instant lastWrite = clock.instant();
    clock.add(Duration.ofSeconds(3));
    created(ResourceId.mesh(mesh + "-other"));

    MeshSnapshot snapshot = store.snapshot(mesh).orElseThrow();

    assertThat(snapshot.mesh()).isEqualTo(mesh);
    assertThat(snapshot.generation()).isEqualTo(8);
    assertThat(snapshot.lastCommitAt()).isEqualTo(lastWrite);
    assertThat(store.meshGenerations()).extracting(MeshGeneration::mesh).contains(mesh, mesh + "-other");
    assertThat(store.meshGenerations()).filteredOn(g -> g.mesh().equals(mesh)).singleElement()
        .satisfies(g -> assertThat(g.generation()).isEqualTo(8));
    assertThat(snapshot.journalSeq()).isEqualTo(journalHead());
    assertThat(snapshot.resources()).extracting(StoredResource::id)
        .containsExactly(
            meshId(),
            id(VIRTUAL_SERVICE, "service"),
            id(VIRTUAL_ROUTER, "router"),
            route("router", "route"),
            id(VIRTUAL_NODE, "another"),
            id(VIRTUAL_NODE, "node"),
            id(VIRTUAL_GATEWAY, "gateway"),
            gatewayRoute("gateway", "gatewayroute"));
    assertThat(snapshot.resources().get(3)).isEqualTo(store.get(route("router", "route")).orElseThrow());
    assertThat(snapshot.resources().get(3).references()).containsExactly(id(VIRTUAL_NODE, "node"));
  }

  @Test
  void changesSinceASnapshotBringItUpToDate() {
    meshWithOneOfEach();
    MeshSnapshot before = store.snapshot(mesh).orElseThrow();
    assertThat(store.changesSince(mesh, before.journalSeq(), 10)).hasValueSatisfying(changes -> {
      assertThat(changes.present()).isEmpty();
      assertThat(changes.gone()).isEmpty();
      assertThat(changes.journalSeq()).isEqualTo(before.journalSeq());
      assertThat(changes.generation()).isEqualTo(before.generation());
    });
    created(ResourceId.mesh(mesh + "-other"));
    ResourceId node = id(VIRTUAL_NODE, "node");
    store.apply(update(node, null));
    store.apply(update(node, null));
    ResourceId added = id(VIRTUAL_NODE, "added");
    created(added);
    store.apply(new Mutation.Delete(gatewayRoute("gateway", "gatewayroute"), null, "carol"));
    ResourceId transient_ = id(VIRTUAL_NODE, "transient");
    created(transient_);
    store.apply(new Mutation.Delete(transient_, null, "carol"));

    MeshChanges changes = store.changesSince(mesh, before.journalSeq(), 10).orElseThrow();

    MeshSnapshot after = store.snapshot(mesh).orElseThrow();
    assertThat(changes.journalSeq()).isEqualTo(after.journalSeq()).isEqualTo(journalHead());
    assertThat(changes.generation()).isEqualTo(after.generation());
    assertThat(changes.lastCommitAt()).isEqualTo(after.lastCommitAt());
    assertThat(changes.present()).containsExactlyInAnyOrder(store.get(node).orElseThrow(), store.get(added).orElseThrow());
    assertThat(changes.gone()).containsExactlyInAnyOrder(gatewayRoute("gateway", "gatewayroute"), transient_);
    // Six entries follow: more than five is a whole read.
    assertThat(store.changesSince(mesh, before.journalSeq(), 5)).isEmpty();
    // Ahead of the journal (a store restored to an earlier point): a whole read.
    assertThat(store.changesSince(mesh, after.journalSeq() + 1, 10)).isEmpty();
    assertThat(store.changesSince("never-written", 0, 10)).isEmpty();
  }

  @Test
  void aRefusedWriteChangesNothing() {
    meshWithOneOfEach();
    long head = journalHead();
    long generation = store.meshGeneration(mesh);
    MeshSnapshot before = store.snapshot(mesh).orElseThrow();
    Precondition broken = new Precondition(id(VIRTUAL_ROUTER, "router"), subject -> Optional.of("no"));
    List<Mutation> refused =
        List.of(
            create(id(VIRTUAL_NODE, "node")),
            create(id(VIRTUAL_NODE, "new"), id(VIRTUAL_NODE, "missing")),
            new Mutation.Create(id(VIRTUAL_NODE, "new"), spec(1), List.of(), Set.of(), List.of(broken), null, null,
                null, "alice"),
            update(id(VIRTUAL_NODE, "node"), 7L),
            update(route("router", "route"), null, id(VIRTUAL_NODE, "missing")),
            new Mutation.Delete(id(VIRTUAL_NODE, "node"), null, "carol"),
            new Mutation.Delete(meshId(), null, "carol"),
            new Mutation.Delete(id(VIRTUAL_NODE, "absent"), null, "carol"));
    for (Mutation mutation : refused) {
      assertThatThrownBy(() -> store.apply(mutation)).isInstanceOf(StoreException.class);
    }
    assertThat(journalHead()).isEqualTo(head);
    assertThat(store.meshGeneration(mesh)).isEqualTo(generation);
    assertThat(store.snapshot(mesh)).contains(before);
    assertThat(store.get(id(VIRTUAL_NODE, "new"))).isEmpty();
  }

  @Test
  void aClosedStoreIsUnavailableRatherThanEmpty() {
    created(meshId());
    store.close();
    assertThatThrownBy(() -> store.get(meshId()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThatThrownBy(() -> store.list(MESH, null, null, null, 10))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThatThrownBy(() -> store.apply(create(id(VIRTUAL_NODE, "node"))))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
  }

  // --- concurrency ---------------------------------------------------------------------------------

  private static final int THREADS = 32;
  private static final int ROUNDS = 4;

  /**
   * 32 writers each read a version and update with it as the expected version, again after every
   * conflict: every acknowledged update shows up as exactly one version step and one journal
   * entry, and the journal counts 1..N without gaps.
   */
  @Test
  void concurrentReadThenUpdateWritersNeverLoseOrDuplicateAWrite() throws Exception {
    try (JournaledStore isolated = openIsolatedStore()) {
      ResourceId meshId = ResourceId.mesh("busy");
      List<ResourceId> nodes =
          List.of(ResourceId.of("busy", VIRTUAL_NODE, "a"), ResourceId.of("busy", VIRTUAL_NODE, "b"),
              ResourceId.of("busy", VIRTUAL_NODE, "c"));
      isolated.apply(create(meshId));
      for (ResourceId node : nodes) {
        isolated.apply(create(node));
      }
      Map<ResourceId, AtomicInteger> acknowledged = new HashMap<>();
      nodes.forEach(node -> acknowledged.put(node, new AtomicInteger()));
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService writers = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          done.add(writers.submit(() -> {
            start.await();
            for (int round = 0; round < ROUNDS; round++) {
              ResourceId node = nodes.get((thread + round) % nodes.size());
              while (true) {
                long version = isolated.get(node).orElseThrow().version();
                try {
                  isolated.apply(new Mutation.Update(node, version, "{\"readVersion\":" + version + "}", Set.of(),
                      List.of(), "w" + thread));
                  acknowledged.get(node).incrementAndGet();
                  break;
                } catch (StoreException e) {
                  if (e.kind() != StoreException.Kind.CONFLICT) {
                    throw e;
                  }
                }
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> future : done) {
          future.get(90, TimeUnit.SECONDS);
        }
      } finally {
        writers.shutdownNow();
      }

      int updates = acknowledged.values().stream().mapToInt(AtomicInteger::get).sum();
      assertThat(updates).isEqualTo(THREADS * ROUNDS);
      for (ResourceId node : nodes) {
        assertThat(isolated.get(node).orElseThrow().version()).isEqualTo(1 + acknowledged.get(node).get());
      }
      List<JournalEntry> journal = isolated.journalAfter(0, 10_000);
      int writes = 1 + nodes.size() + updates;
      assertThat(journal).extracting(JournalEntry::seq)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, writes).boxed().toList());
      for (ResourceId node : nodes) {
        List<Long> versions =
            journal.stream().filter(entry -> entry.id().equals(node)).map(JournalEntry::version).toList();
        assertThat(versions).containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 1 + acknowledged.get(node).get()).boxed().toList());
      }
      // each acknowledged update was made from the version just before it: none overwrote another
      for (JournalEntry entry : journal) {
        if (entry.operation() == Operation.UPDATE) {
          assertThat(JSON.readTree(entry.body()).get("spec").get("readVersion").asLong())
              .isEqualTo(entry.version() - 1);
        }
      }
      assertThat(isolated.meshGeneration("busy")).isEqualTo(writes);
    }
  }

  // --- count limits --------------------------------------------------------------------------------

  protected static Mutation.Create createWithin(ResourceId id, int max, String clientToken) {
    return new Mutation.Create(id, spec(1), List.of(), Set.of(), List.of(), clientToken, "111122223333",
        "111122223333", "alice", Optional.of(new CountLimit(max, "test quota")));
  }

  @Test
  void aCountLimitRefusesTheCreatePastItAndCountsOnlySiblings() {
    created(meshId());
    created(id(VIRTUAL_ROUTER, "r1"));
    created(id(VIRTUAL_ROUTER, "r2"));
    store.apply(createWithin(route("r1", "a"), 2, null));
    store.apply(createWithin(route("r1", "b"), 2, "token-b"));
    store.apply(createWithin(route("r2", "a"), 2, null)); // another router's routes are not counted
    long head = journalHead();
    long generation = store.meshGeneration(mesh);

    assertRefused(() -> store.apply(createWithin(route("r1", "c"), 2, null)), StoreException.Kind.LIMIT_EXCEEDED,
        "Cannot create route c of virtual router r1: virtual router r1 in mesh " + mesh
            + " already has 2 routes, the limit of test quota; delete one or raise the limit");
    assertThat(store.get(route("r1", "c"))).isEmpty();
    assertThat(journalHead()).isEqualTo(head);
    assertThat(store.meshGeneration(mesh)).isEqualTo(generation);

    // a retried create (same client token) still answers with what it made, at the limit
    assertThat(store.apply(createWithin(route("r1", "b"), 2, "token-b")).replayed()).isTrue();
    // the count is of what exists now: after a delete there is room again
    store.apply(new Mutation.Delete(route("r1", "a"), null, "carol"));
    store.apply(createWithin(route("r1", "c"), 2, null));
    assertRefused(() -> store.apply(createWithin(id(VIRTUAL_NODE, "n"), 0, null)), StoreException.Kind.LIMIT_EXCEEDED,
        "Cannot create virtual node n: mesh " + mesh + " already has 0 virtual nodes, the limit of test quota;"
            + " delete one or raise the limit");
  }

  @Test
  void aMeshCountLimitCountsEveryMesh() {
    try (JournaledStore isolated = openIsolatedStore()) {
      isolated.apply(createWithin(ResourceId.mesh("one"), 2, null));
      isolated.apply(createWithin(ResourceId.mesh("two"), 2, null));
      assertRefused(() -> isolated.apply(createWithin(ResourceId.mesh("three"), 2, null)),
          StoreException.Kind.LIMIT_EXCEEDED,
          "Cannot create mesh three: there are already 2 meshes, the limit of test quota; delete one or raise the limit");
      assertThat(isolated.meshGeneration("three")).isZero();
    }
  }

  /** Every process on one database signs with the same key; another database has its own. */
  @Test
  void aSharedKeyIsMadeOnceAndReadByEveryStoreOnTheDatabase() {
    long headBefore = store.journalAfter(0, 1_000_000).size();
    byte[] key = store.sharedKey("contract-test");
    assertThat(key).hasSize(32);
    try (JournaledStore second = openStore(); JournaledStore isolated = openIsolatedStore()) {
      assertThat(second.sharedKey("contract-test")).isEqualTo(key);
      assertThat(isolated.sharedKey("contract-test")).isNotEqualTo(key);
    }
    assertThat(store.sharedKey("contract-test")).isEqualTo(key);
    assertThat(store.sharedKey("contract-test-other")).isNotEqualTo(key);
    assertThat(store.journalAfter(0, 1_000_000)).as("keys are not journaled").hasSize((int) headBefore);
  }

  /** 24 writers race to create 24 different nodes under a limit of 5: exactly 5 are made and journaled. */
  @Test
  void concurrentCreatesUnderACountLimitMakeExactlyTheLimit() throws Exception {
    int writersCount = 24;
    int max = 5;
    try (JournaledStore isolated = openIsolatedStore()) {
      isolated.apply(create(ResourceId.mesh("race")));
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger made = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ExecutorService writers = Executors.newFixedThreadPool(writersCount);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < writersCount; t++) {
          ResourceId node = ResourceId.of("race", VIRTUAL_NODE, "n" + t);
          done.add(writers.submit(() -> {
            start.await();
            try {
              isolated.apply(createWithin(node, max, null));
              made.incrementAndGet();
            } catch (StoreException e) {
              assertThat(e.kind()).isEqualTo(StoreException.Kind.LIMIT_EXCEEDED);
              refused.incrementAndGet();
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> future : done) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        writers.shutdownNow();
      }
      assertThat(made.get()).isEqualTo(max);
      assertThat(refused.get()).isEqualTo(writersCount - max);
      assertThat(isolated.list(VIRTUAL_NODE, "race", null, null, 100).items()).hasSize(max);
      assertThat(isolated.journalAfter(0, 100)).hasSize(1 + max);
    }
  }
}
