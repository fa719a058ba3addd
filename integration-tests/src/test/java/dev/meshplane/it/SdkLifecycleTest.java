package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.ConflictException;
import software.amazon.awssdk.services.appmesh.model.EgressFilterType;
import software.amazon.awssdk.services.appmesh.model.GatewayRouteStatusCode;
import software.amazon.awssdk.services.appmesh.model.MeshStatusCode;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;
import software.amazon.awssdk.services.appmesh.model.PortProtocol;
import software.amazon.awssdk.services.appmesh.model.ResourceInUseException;
import software.amazon.awssdk.services.appmesh.model.RouteStatusCode;
import software.amazon.awssdk.services.appmesh.model.TagRef;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeStatusCode;

/** Every kind through its whole life with the real AWS SDK v2 App Mesh client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkLifecycleTest {
  @TempDir static Path dataDir;
  RunningServer server;
  AppMeshClient appMesh;

  /** The embedded default; {@link PostgresSdkLifecycleTest} runs the same tests on PostgreSQL. */
  RunningServer newServer(Path dataDir) {
    return RunningServer.onSqlite(dataDir);
  }

  @BeforeAll
  void start() {
    server = newServer(dataDir);
    appMesh = server.client();
  }

  @AfterAll
  void stop() {
    appMesh.close();
    server.close();
  }

  @Test
  void everyKindIsCreatedDescribedUpdatedListedAndDeleted() {
    Instant before = Instant.now().minusSeconds(1);
    var mesh = appMesh.createMesh(r -> r.meshName("shop").tags(TagRef.builder().key("team").value("a").build())).mesh();
    assertThat(mesh.meshName()).isEqualTo("shop");
    assertThat(mesh.metadata().arn()).isEqualTo("arn:aws:appmesh:us-west-2:111122223333:mesh/shop");
    assertThat(mesh.metadata().version()).isEqualTo(1L);
    assertThat(mesh.metadata().meshOwner()).isEqualTo("111122223333");
    assertThat(mesh.metadata().resourceOwner()).isEqualTo("111122223333");
    assertThat(mesh.metadata().uid()).isNotBlank();
    assertThat(mesh.metadata().createdAt()).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(mesh.spec().egressFilter().type()).isEqualTo(EgressFilterType.DROP_ALL);
    assertThat(mesh.status().status()).isEqualTo(MeshStatusCode.ACTIVE);

    var node = appMesh.createVirtualNode(r -> r.meshName("shop").virtualNodeName("web").spec(s -> s
        .listeners(l -> l.portMapping(p -> p.port(8080).protocol(PortProtocol.HTTP))
            .healthCheck(h -> h.protocol("http").path("/ping").healthyThreshold(2).unhealthyThreshold(3)
                .intervalMillis(5000L).timeoutMillis(2000L)))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("web.shop.local")))
        .backends(b -> b.virtualService(v -> v.virtualServiceName("orders.shop.local"))))).virtualNode();
    assertThat(node.metadata().arn()).isEqualTo("arn:aws:appmesh:us-west-2:111122223333:mesh/shop/virtualNode/web");
    assertThat(node.spec().listeners().get(0).healthCheck().intervalMillis()).isEqualTo(5000L);
    assertThat(node.status().status()).isEqualTo(VirtualNodeStatusCode.ACTIVE);

    appMesh.createVirtualRouter(r -> r.meshName("shop").virtualRouterName("web-router")
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol(PortProtocol.HTTP)))));
    var route = appMesh.createRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all")
        .spec(s -> s.priority(10).httpRoute(h -> h.match(m -> m.prefix("/"))
            .action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(100)))
            .retryPolicy(p -> p.maxRetries(3L).perRetryTimeout(d -> d.unit("ms").value(250L)).httpRetryEvents("server-error")))))
        .route();
    assertThat(route.metadata().arn()).isEqualTo("arn:aws:appmesh:us-west-2:111122223333:mesh/shop/virtualRouter/web-router/route/all");
    assertThat(route.virtualRouterName()).isEqualTo("web-router");
    assertThat(route.spec().httpRoute().retryPolicy().perRetryTimeout().value()).isEqualTo(250L);
    assertThat(route.status().status()).isEqualTo(RouteStatusCode.ACTIVE);

    appMesh.createVirtualService(r -> r.meshName("shop").virtualServiceName("web.shop.local")
        .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("web-router")))));
    appMesh.createVirtualGateway(r -> r.meshName("shop").virtualGatewayName("ingress")
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(9080).protocol("http")))));
    var gatewayRoute = appMesh.createGatewayRoute(r -> r.meshName("shop").virtualGatewayName("ingress").gatewayRouteName("to-web")
        .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/web/"))
            .action(a -> a.target(t -> t.virtualService(v -> v.virtualServiceName("web.shop.local")))
                .rewrite(w -> w.prefix(p -> p.value("/")))))))
        .gatewayRoute();
    assertThat(gatewayRoute.metadata().arn())
        .isEqualTo("arn:aws:appmesh:us-west-2:111122223333:mesh/shop/virtualGateway/ingress/gatewayRoute/to-web");
    assertThat(gatewayRoute.status().status()).isEqualTo(GatewayRouteStatusCode.ACTIVE);

    // Describe gives back what was stored.
    assertThat(appMesh.describeVirtualNode(r -> r.meshName("shop").virtualNodeName("web")).virtualNode()).isEqualTo(node);
    assertThat(appMesh.describeRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all")).route())
        .isEqualTo(route);

    // Updates replace the spec and bump the version; lastUpdatedAt moves, createdAt does not.
    var updated = appMesh.updateRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all")
        .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/v2"))
            .action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1)))))).route();
    assertThat(updated.metadata().version()).isEqualTo(2L);
    assertThat(updated.metadata().uid()).isEqualTo(route.metadata().uid());
    assertThat(updated.metadata().createdAt()).isEqualTo(route.metadata().createdAt());
    assertThat(updated.spec().httpRoute().match().prefix()).isEqualTo("/v2");
    assertThat(updated.spec().priority()).isNull();
    var meshUpdated = appMesh.updateMesh(r -> r.meshName("shop").spec(s -> s.egressFilter(f -> f.type(EgressFilterType.ALLOW_ALL)))).mesh();
    assertThat(meshUpdated.metadata().version()).isEqualTo(2L);
    assertThat(meshUpdated.spec().egressFilter().type()).isEqualTo(EgressFilterType.ALLOW_ALL);

    // Listings name every kind.
    assertThat(appMesh.listMeshes(r -> {}).meshes()).extracting(m -> m.meshName()).contains("shop");
    assertThat(appMesh.listVirtualNodes(r -> r.meshName("shop")).virtualNodes())
        .singleElement().satisfies(ref -> {
          assertThat(ref.virtualNodeName()).isEqualTo("web");
          assertThat(ref.arn()).isEqualTo(node.metadata().arn());
          assertThat(ref.version()).isEqualTo(1L);
        });
    assertThat(appMesh.listRoutes(r -> r.meshName("shop").virtualRouterName("web-router")).routes())
        .singleElement().satisfies(ref -> assertThat(ref.version()).isEqualTo(2L));
    assertThat(appMesh.listVirtualServices(r -> r.meshName("shop")).virtualServices()).hasSize(1);
    assertThat(appMesh.listVirtualRouters(r -> r.meshName("shop")).virtualRouters()).hasSize(1);
    assertThat(appMesh.listVirtualGateways(r -> r.meshName("shop")).virtualGateways()).hasSize(1);
    assertThat(appMesh.listGatewayRoutes(r -> r.meshName("shop").virtualGatewayName("ingress")).gatewayRoutes()).hasSize(1);

    // Deletes refuse while something depends on the resource, then go through in order.
    assertThatThrownBy(() -> appMesh.deleteMesh(r -> r.meshName("shop"))).isInstanceOf(ResourceInUseException.class);
    assertThatThrownBy(() -> appMesh.deleteVirtualNode(r -> r.meshName("shop").virtualNodeName("web")))
        .isInstanceOf(ResourceInUseException.class).hasMessageContaining("route all");
    assertThatThrownBy(() -> appMesh.deleteVirtualRouter(r -> r.meshName("shop").virtualRouterName("web-router")))
        .isInstanceOf(ResourceInUseException.class);
    assertThatThrownBy(() -> appMesh.deleteVirtualGateway(r -> r.meshName("shop").virtualGatewayName("ingress")))
        .isInstanceOf(ResourceInUseException.class);
    assertThatThrownBy(() -> appMesh.deleteVirtualService(r -> r.meshName("shop").virtualServiceName("web.shop.local")))
        .isInstanceOf(ResourceInUseException.class).hasMessageContaining("to-web");

    assertThat(appMesh.deleteGatewayRoute(r -> r.meshName("shop").virtualGatewayName("ingress").gatewayRouteName("to-web"))
        .gatewayRoute().status().status()).isEqualTo(GatewayRouteStatusCode.DELETED);
    appMesh.deleteVirtualGateway(r -> r.meshName("shop").virtualGatewayName("ingress"));
    appMesh.deleteVirtualService(r -> r.meshName("shop").virtualServiceName("web.shop.local"));
    appMesh.deleteRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all"));
    appMesh.deleteVirtualRouter(r -> r.meshName("shop").virtualRouterName("web-router"));
    assertThat(appMesh.deleteVirtualNode(r -> r.meshName("shop").virtualNodeName("web")).virtualNode().status().status())
        .isEqualTo(VirtualNodeStatusCode.DELETED);
    assertThat(appMesh.deleteMesh(r -> r.meshName("shop")).mesh().status().status()).isEqualTo(MeshStatusCode.DELETED);
    assertThatThrownBy(() -> appMesh.describeMesh(r -> r.meshName("shop"))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRepeatedClientTokenReturnsTheFirstResultAndANewOneConflicts() {
    var first = appMesh.createMesh(r -> r.meshName("idempotent").clientToken("token-1")).mesh();
    var again = appMesh.createMesh(r -> r.meshName("idempotent").clientToken("token-1")).mesh();
    assertThat(again.metadata().uid()).isEqualTo(first.metadata().uid());
    assertThat(again.metadata().version()).isEqualTo(1L);
    assertThatThrownBy(() -> appMesh.createMesh(r -> r.meshName("idempotent").clientToken("token-2")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("idempotent");
    assertThatThrownBy(() -> appMesh.createMesh(r -> r.meshName("idempotent")))
        .isInstanceOf(ConflictException.class);
    appMesh.deleteMesh(r -> r.meshName("idempotent"));
  }

  @Test
  void tagsOnEveryResource() {
    String arn = appMesh.createMesh(r -> r.meshName("tagged").tags(TagRef.builder().key("a").value("1").build()))
        .mesh().metadata().arn();
    String nodeArn = appMesh.createVirtualNode(r -> r.meshName("tagged").virtualNodeName("n").spec(s -> {}))
        .virtualNode().metadata().arn();
    appMesh.tagResource(r -> r.resourceArn(arn).tags(
        TagRef.builder().key("a").value("2").build(), TagRef.builder().key("b").value("").build()));
    appMesh.tagResource(r -> r.resourceArn(nodeArn).tags(TagRef.builder().key("owner").value("team-a").build()));
    assertThat(appMesh.listTagsForResource(r -> r.resourceArn(arn)).tags())
        .extracting(t -> t.key() + "=" + t.value()).containsExactly("a=2", "b=");
    appMesh.untagResource(r -> r.resourceArn(arn).tagKeys("a"));
    assertThat(appMesh.listTagsForResource(r -> r.resourceArn(arn)).tags()).extracting(TagRef::key).containsExactly("b");
    assertThat(appMesh.listTagsForResource(r -> r.resourceArn(nodeArn)).tags()).extracting(TagRef::key).containsExactly("owner");
    // Tagging changes no version: it is not a change of the spec.
    assertThat(appMesh.describeMesh(r -> r.meshName("tagged")).mesh().metadata().version()).isEqualTo(1L);
    assertThatThrownBy(() -> appMesh.listTagsForResource(r -> r.resourceArn(arn + "/virtualNode/missing")))
        .isInstanceOf(NotFoundException.class);
    appMesh.deleteVirtualNode(r -> r.meshName("tagged").virtualNodeName("n"));
    appMesh.deleteMesh(r -> r.meshName("tagged"));
  }

  @Test
  void pagesOverTwoHundredFiftyResources() {
    appMesh.createMesh(r -> r.meshName("big"));
    for (int i = 0; i < 250; i++) {
      String name = String.format("node-%03d", i);
      appMesh.createVirtualNode(r -> r.meshName("big").virtualNodeName(name).spec(s -> {}));
    }
    var firstPage = appMesh.listVirtualNodes(r -> r.meshName("big").limit(100));
    assertThat(firstPage.virtualNodes()).hasSize(100);
    assertThat(firstPage.nextToken()).isNotNull();
    var names = appMesh.listVirtualNodesPaginator(r -> r.meshName("big").limit(100)).virtualNodes().stream()
        .map(ref -> ref.virtualNodeName()).toList();
    assertThat(names).hasSize(250).doesNotHaveDuplicates().isSorted();
    var defaultPage = appMesh.listVirtualNodes(r -> r.meshName("big"));
    assertThat(defaultPage.virtualNodes()).hasSize(100);
    var small = appMesh.listVirtualNodes(r -> r.meshName("big").limit(7));
    var next = appMesh.listVirtualNodes(r -> r.meshName("big").limit(7).nextToken(small.nextToken()));
    assertThat(next.virtualNodes().get(0).virtualNodeName()).isEqualTo("node-007");
  }

  @Test
  void timestampsAreParsedBySdk() {
    var mesh = appMesh.createMesh(r -> r.meshName("clock")).mesh();
    assertThat(Duration.between(mesh.metadata().createdAt(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(mesh.metadata().lastUpdatedAt()).isEqualTo(mesh.metadata().createdAt());
  }

  /**
   * App Mesh's multiple-listeners walkthrough: routes and gateway routes that match on the port
   * alone (they match prefix /), and targets that name their port.
   */
  @Test
  void theMultipleListenersPatternIsAccepted() {
    appMesh.createMesh(r -> r.meshName("ports"));
    appMesh.createVirtualGateway(r -> r.meshName("ports").virtualGatewayName("gw").spec(s -> s.listeners(
        l -> l.portMapping(p -> p.port(1010).protocol("http")),
        l -> l.portMapping(p -> p.port(2020).protocol("http")))));
    appMesh.createVirtualRouter(r -> r.meshName("ports").virtualRouterName("router").spec(s -> s.listeners(
        l -> l.portMapping(p -> p.port(3030).protocol("http")),
        l -> l.portMapping(p -> p.port(4040).protocol("http")))));
    appMesh.createVirtualNode(r -> r.meshName("ports").virtualNodeName("node").spec(s -> s
        .listeners(l -> l.portMapping(p -> p.port(5050).protocol("http")),
            l -> l.portMapping(p -> p.port(6060).protocol("http")))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("my-application.local")))));
    appMesh.createVirtualService(r -> r.meshName("ports").virtualServiceName("svc")
        .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("router")))));
    var gatewayRoute = appMesh.createGatewayRoute(r -> r.meshName("ports").virtualGatewayName("gw")
        .gatewayRouteName("one").spec(s -> s.httpRoute(h -> h.match(m -> m.port(1010))
            .action(a -> a.target(t -> t.virtualService(v -> v.virtualServiceName("svc")).port(3030))))))
        .gatewayRoute();
    assertThat(gatewayRoute.spec().httpRoute().match().port()).isEqualTo(1010);
    var route = appMesh.createRoute(r -> r.meshName("ports").virtualRouterName("router").routeName("one")
        .spec(s -> s.httpRoute(h -> h.match(m -> m.port(3030))
            .action(a -> a.weightedTargets(t -> t.virtualNode("node").weight(1).port(5050)))))).route();
    assertThat(route.spec().httpRoute().match().prefix()).isNull();
    assertThat(route.spec().httpRoute().match().port()).isEqualTo(3030);
  }
}
