package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.store.JournaledStore;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.AppMeshException;
import software.amazon.awssdk.services.appmesh.model.BadRequestException;
import software.amazon.awssdk.services.appmesh.model.ConflictException;
import software.amazon.awssdk.services.appmesh.model.CreateVirtualNodeRequest;
import software.amazon.awssdk.services.appmesh.model.ForbiddenException;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;
import software.amazon.awssdk.services.appmesh.model.ResourceInUseException;
import software.amazon.awssdk.services.appmesh.model.TagRef;

/**
 * Bad input of every constraint class, and every refusal the API can give today, each raised by
 * the SDK as its modeled exception with a message naming the field and the rule; the store's
 * journal does not move for any of them.
 */
class SdkErrorsTest {
  @TempDir static Path dataDir;
  static RunningServer server;
  static AppMeshClient appMesh;
  static JournaledStore store;

  @BeforeAll
  static void start() {
    server = RunningServer.onSqlite(dataDir);
    appMesh = server.client();
    store = server.bean(JournaledStore.class);
    appMesh.createMesh(r -> r.meshName("m"));
    appMesh.createVirtualNode(r -> r.meshName("m").virtualNodeName("web").spec(s -> s
        .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("web.local")))));
    appMesh.createVirtualRouter(r -> r.meshName("m").virtualRouterName("grpc-router")
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(50051).protocol("grpc")))));
    appMesh.createVirtualRouter(r -> r.meshName("m").virtualRouterName("two-ports")
        .spec(s -> s.listeners(
            l -> l.portMapping(p -> p.port(8080).protocol("http")),
            l -> l.portMapping(p -> p.port(8081).protocol("http")))));
    appMesh.createRoute(r -> r.meshName("m").virtualRouterName("grpc-router").routeName("r")
        .spec(s -> s.grpcRoute(g -> g.match(m -> m.serviceName("svc")).action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1))))));
  }

  @AfterAll
  static void stop() {
    appMesh.close();
    server.close();
  }

  /** Runs a request that must be refused, and checks the journal did not move. */
  private static <E extends AppMeshException> void refused(
      Class<E> type, ThrowingCallable call, String... messageParts) {
    long headBefore = journalHead();
    var assertion = assertThatThrownBy(call).isInstanceOf(type);
    for (String part : messageParts) {
      assertion.hasMessageContaining(part);
    }
    assertThat(journalHead()).as("journal head after a refused request").isEqualTo(headBefore);
  }

  private static long journalHead() {
    var entries = store.journalAfter(0, 1_000_000);
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
  }

  private static void createNode(Consumer<CreateVirtualNodeRequest.Builder> request) {
    appMesh.createVirtualNode(r -> {
      r.meshName("m").virtualNodeName("bad");
      request.accept(r);
    });
  }

  @Test
  void requiredMembers() {
    refused(BadRequestException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("grpc-router").routeName("x")),
        "spec: is required");
    refused(BadRequestException.class,
        () -> createNode(r -> r.spec(s -> s.listeners(l -> l.portMapping(p -> p.port(80))))),
        "spec.listeners[0].portMapping.protocol: is required");
  }

  @Test
  void namesAndLengths() {
    refused(BadRequestException.class, () -> appMesh.createMesh(r -> r.meshName("x".repeat(256))),
        "meshName: length must be between 1 and 255 characters, got 256");
    refused(BadRequestException.class, () -> appMesh.createMesh(r -> r.meshName("t").clientToken("x".repeat(37))),
        "clientToken: must be 1 to 36 letters, digits, hyphens or underscores");
  }

  @Test
  void numericRanges() {
    refused(BadRequestException.class,
        () -> createNode(r -> r.spec(s -> s.listeners(l -> l.portMapping(p -> p.port(70000).protocol("http")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("a"))))),
        "spec.listeners[0].portMapping.port: must be between 1 and 65535, got 70000");
    refused(BadRequestException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("grpc-router").routeName("x")
            .spec(s -> s.grpcRoute(g -> g.match(m -> m.serviceName("svc")).action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(101)))))),
        "spec.grpcRoute.action.weightedTargets[0].weight: must be between 0 and 100, got 101");
  }

  @Test
  void listSizes() {
    refused(BadRequestException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("grpc-router").routeName("x")
            .spec(s -> s.grpcRoute(g -> g.match(m -> m.serviceName("svc")).action(a -> a.weightedTargets(
                java.util.stream.IntStream.range(0, 11).mapToObj(i ->
                    software.amazon.awssdk.services.appmesh.model.WeightedTarget.builder().virtualNode("web").port(8000 + i).weight(1).build()).toList()))))),
        "spec.grpcRoute.action.weightedTargets: must have between 1 and 10 items, got 11");
  }

  @Test
  void enumValues() {
    refused(BadRequestException.class,
        () -> createNode(r -> r.spec(s -> s.listeners(l -> l.portMapping(p -> p.port(80).protocol("udp")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("a"))))),
        "spec.listeners[0].portMapping.protocol: must be one of http, tcp, http2, grpc; got \"udp\"");
  }

  @Test
  void unionsNeedExactlyOneMember() {
    refused(BadRequestException.class,
        () -> createNode(r -> r.spec(s -> s.serviceDiscovery(d -> d.dns(dns -> dns.hostname("a"))
            .awsCloudMap(c -> c.namespaceName("ns").serviceName("svc"))))),
        "spec.serviceDiscovery: exactly one of awsCloudMap, dns must be set, got 2");
    refused(BadRequestException.class,
        () -> appMesh.createVirtualService(r -> r.meshName("m").virtualServiceName("s").spec(s -> s.provider(p -> {}))),
        "spec.provider: exactly one of virtualNode, virtualRouter must be set");
  }

  @Test
  void crossFieldRules() {
    refused(BadRequestException.class,
        () -> createNode(r -> r.spec(s -> s.listeners(
                l -> l.portMapping(p -> p.port(80).protocol("http")),
                l -> l.portMapping(p -> p.port(80).protocol("http2")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("a"))))),
        "spec.listeners[1].portMapping.port: port 80 is already used by spec.listeners[0]");
    refused(BadRequestException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("grpc-router").routeName("x")
            .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1)))))),
        "a http route needs a listener with protocol http", "virtual router grpc-router listens on 50051 (grpc)");
    refused(BadRequestException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("two-ports").routeName("x")
            .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1)))))),
        "spec.httpRoute.match.port: is required because virtual router two-ports has 2 listeners");
    refused(BadRequestException.class,
        () -> createNode(r -> r.spec(s -> s.listeners(l -> l.portMapping(p -> p.port(80).protocol("http"))))),
        "spec.serviceDiscovery: is required when the virtual node has listeners");
  }

  /** App Mesh requires a target's port when the target has several listeners; none is guessed. */
  @Test
  void targetsWithSeveralListenersNeedAPort() {
    appMesh.createVirtualNode(r -> r.meshName("m").virtualNodeName("two-listeners").spec(s -> s
        .listeners(l -> l.portMapping(p -> p.port(5050).protocol("http")),
            l -> l.portMapping(p -> p.port(6060).protocol("http")))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("two.local")))));
    appMesh.createVirtualService(r -> r.meshName("m").virtualServiceName("two-ports.local")
        .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("two-ports")))));
    appMesh.createVirtualGateway(r -> r.meshName("m").virtualGatewayName("gw")
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
    refused(BadRequestException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("two-ports").routeName("x")
            .spec(s -> s.httpRoute(h -> h.match(m -> m.port(8081)).action(a -> a.weightedTargets(
                t -> t.virtualNode("web").weight(1), t -> t.virtualNode("two-listeners").weight(1)))))),
        "spec.httpRoute.action.weightedTargets[1].port: is required because virtual node two-listeners has 2"
            + " listeners: 5050 (http), 6060 (http)");
    refused(BadRequestException.class,
        () -> appMesh.createGatewayRoute(r -> r.meshName("m").virtualGatewayName("gw").gatewayRouteName("x")
            .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/"))
                .action(a -> a.target(t -> t.virtualService(v -> v.virtualServiceName("two-ports.local"))))))),
        "spec.httpRoute.action.target.port: is required because virtual service two-ports.local (provider virtual"
            + " router two-ports) has 2 listeners: 8080 (http), 8081 (http)");
    refused(BadRequestException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("two-ports").routeName("x")
            .spec(s -> s.httpRoute(h -> h.match(m -> m.method("GET")).action(a -> a.weightedTargets(
                t -> t.virtualNode("web").weight(1)))))),
        "spec.httpRoute.match: must set one of prefix, path, or port (a port alone matches prefix /)");
  }

  @Test
  void malformedBodiesAndUnknownMembers() throws Exception {
    long head = journalHead();
    var notJson = SignedHttp.sign("PUT", server.endpoint().resolve("/v20190125/meshes"), "{\"meshName\":", server.credentials()).send();
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("x-amzn-ErrorType")).contains("BadRequestException");
    assertThat(notJson.body()).contains("not valid JSON");
    var unknown = SignedHttp.sign("PUT", server.endpoint().resolve("/v20190125/meshes"),
        "{\"meshName\":\"u\",\"spec\":{\"egresFilter\":{}}}", server.credentials()).send();
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("spec.egresFilter: unknown member; expected one of: egressFilter, serviceDiscovery");
    assertThat(journalHead()).isEqualTo(head);
  }

  @Test
  void missingThingsAreNotFound() {
    refused(NotFoundException.class, () -> appMesh.describeMesh(r -> r.meshName("nope")), "Mesh nope not found");
    refused(NotFoundException.class,
        () -> appMesh.createVirtualNode(r -> r.meshName("nope").virtualNodeName("n").spec(s -> {})), "nope");
    refused(NotFoundException.class,
        () -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("grpc-router").routeName("x")
            .spec(s -> s.grpcRoute(g -> g.match(m -> m.serviceName("svc")).action(a -> a.weightedTargets(t -> t.virtualNode("ghost").weight(1)))))),
        "ghost");
    refused(NotFoundException.class,
        () -> appMesh.createVirtualService(r -> r.meshName("m").virtualServiceName("s")
            .spec(s -> s.provider(p -> p.virtualNode(n -> n.virtualNodeName("ghost"))))),
        "ghost");
    refused(NotFoundException.class, () -> appMesh.listRoutes(r -> r.meshName("m").virtualRouterName("ghost")), "ghost");
  }

  @Test
  void conflictsAndResourcesInUse() {
    refused(ConflictException.class, () -> appMesh.createMesh(r -> r.meshName("m")), "m");
    refused(ResourceInUseException.class, () -> appMesh.deleteVirtualNode(r -> r.meshName("m").virtualNodeName("web")), "web");
    refused(ResourceInUseException.class, () -> appMesh.deleteMesh(r -> r.meshName("m")), "m");
  }

  @Test
  void anotherAccountsMeshIsForbidden() {
    refused(ForbiddenException.class, () -> appMesh.describeMesh(r -> r.meshName("m").meshOwner("999999999999")),
        "meshOwner");
  }

  @Test
  void tagsAreChecked() {
    String arn = appMesh.describeMesh(r -> r.meshName("m")).mesh().metadata().arn();
    refused(BadRequestException.class, () -> appMesh.tagResource(r -> r.resourceArn(arn).tags(
        TagRef.builder().key("k").value("1").build(), TagRef.builder().key("k").value("2").build())), "tags[1].key");
    refused(BadRequestException.class, () -> appMesh.tagResource(r -> r.resourceArn("arn:aws:s3:::bucket")
        .tags(TagRef.builder().key("k").value("1").build())), "resourceArn");
    refused(BadRequestException.class, () -> appMesh.listMeshes(r -> r.limit(101)), "limit: must be between 1 and 100");
    refused(BadRequestException.class, () -> appMesh.listMeshes(r -> r.nextToken("garbage")), "nextToken");
  }
}
