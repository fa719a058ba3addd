package dev.meshplane.transformer.synth;

import static dev.meshplane.transformer.synth.WalkthroughCase.egress;
import static dev.meshplane.transformer.synth.WalkthroughCase.expect;
import static dev.meshplane.transformer.synth.WalkthroughCase.ingress;
import static dev.meshplane.transformer.synth.WalkthroughCase.unrouted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.transformer.synth.EnvoyRouting.Outcome;
import dev.meshplane.transformer.synth.EnvoyRouting.Request;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What each aws-app-mesh-examples walkthrough's README promises a request does, checked on the
 * config Meshplane synthesizes at that point of the walkthrough (the manifests under
 * integration-tests/src/test/resources/walkthroughs, replayed up to a phase): which clusters it
 * lands on with which weights, and the rewrites, timeouts, retries and cluster settings on the way.
 */
class WalkthroughRoutingTest {

  private static Consumer<Outcome> timeout(String duration) {
    return o -> assertThat(o.timeout()).as("timeout of route " + o.routeName()).isEqualTo(duration);
  }

  private static Consumer<Outcome> upstream(String host, String path) {
    return o -> {
      assertThat(o.upstreamHost()).as("host the upstream sees").isEqualTo(host);
      assertThat(o.upstreamPath()).as("path the upstream sees").isEqualTo(path);
    };
  }

  private static Consumer<Outcome> retries(String retryOn, int count, String perTry) {
    return o -> {
      JsonNode policy = o.retryPolicy();
      assertThat(policy.path("retryOn").asText()).as("retryOn").isEqualTo(retryOn);
      assertThat(policy.path("numRetries").asInt()).as("numRetries").isEqualTo(count);
      assertThat(policy.path("perTryTimeout").asText()).as("perTryTimeout").isEqualTo(perTry);
    };
  }

  /** The cluster's field {@code path} (dot separated) has {@code value}. */
  private static Consumer<Outcome> clusterHas(String cluster, String path, String value) {
    return o -> {
      JsonNode node = o.clusterConfig(cluster);
      for (String part : path.split("\\.")) {
        node = part.matches("\\d+") ? node.path(Integer.parseInt(part)) : node.path(part);
      }
      assertThat(node.asText()).as(cluster + " " + path).isEqualTo(value);
    };
  }

  @TestFactory
  Stream<DynamicTest> howtoHttpRetries() {
    String blue = egress("howto-http-retries", "blue-node", "http", 8080);
    Request color = Request.outbound(8080, "color.howto-http-retries.local", "/");
    return WalkthroughCase.tests("howto-http-retries", List.of(
        expect("front calls color: blue answers, retried 10 times on server errors, 100 ms each", null, "front-node",
            color, blue).and(retries("5xx", 10, "0.100s")),
        expect("the authority may carry the port", null, "front-node",
            Request.outbound(8080, "color.howto-http-retries.local:8080", "/"), blue)));
  }

  @TestFactory
  Stream<DynamicTest> howtoHttp2() {
    String mesh = "howto-http2";
    Request color = Request.outbound(8080, "color_server.howto-http2.local", "/color");
    String red = egress(mesh, "color_server-red", "http2", 8080);
    String blue = egress(mesh, "color_server-blue", "http2", 8080);
    String green = egress(mesh, "color_server-green", "http2", 8080);
    return WalkthroughCase.tests(mesh, List.of(
        expect("curl /color: you should see red", "red", "color_client", color, red),
        expect("about 50-50 red and blue", "red-blue", "color_client", color, red, 1, blue, 1),
        expect("red, blue and green in equal parts", "red-blue-green", "color_client", color, red, 1, blue, 1, green, 1),
        expect("only blue", "blue", "color_client", color, blue),
        expect("red with 3 retries of server errors, 2 s each", "red-retries", "color_client", color, red)
            .and(retries("5xx", 3, "2s"))));
  }

  @TestFactory
  Stream<DynamicTest> howtoGrpc() {
    String server = egress("howto-grpc", "color_server", "grpc", 8080);
    Request getColor = Request.outbound(8080, "color_server.howto-grpc.local", "/color.ColorService/GetColor").grpc();
    return WalkthroughCase.tests("howto-grpc", List.of(
        expect("every method of color.ColorService reaches color_server", "all-methods", "color_client", getColor, server),
        expect("SetColor too", "all-methods", "color_client",
            Request.outbound(8080, "color_server.howto-grpc.local", "/color.ColorService/SetColor").grpc(), server),
        unrouted("another gRPC service is not routed", "all-methods", "color_client",
            Request.outbound(8080, "color_server.howto-grpc.local", "/other.Service/Get").grpc()),
        expect("retried 3 times on internal, 2 s each", "retries", "color_client", getColor, server)
            .and(o -> assertThat(o.retryPolicy().path("retryOn").asText()).contains("internal"))
            .and(o -> assertThat(o.retryPolicy().path("numRetries").asInt()).isEqualTo(3))));
  }

  @TestFactory
  Stream<DynamicTest> howtoIngressGateway() {
    String mesh = "howto-ingress-gateway";
    return WalkthroughCase.tests(mesh, List.of(
        expect("/color1/tell answers white and blue (colorteller-1), path rewritten to /tell", null, "colorgateway-vg",
            Request.gateway(9080, "gateway.example.com", "/color1/tell"),
            egress(mesh, "colorteller-white-vn", "http", 9080), 1, egress(mesh, "colorteller-blue-vn", "http", 9080), 1)
            .and(upstream("colorteller-1.howto-ingress-gateway.svc.cluster.local", "/tell")),
        expect("/color2/tell answers black and red (colorteller-2)", null, "colorgateway-vg",
            Request.gateway(9080, "gateway.example.com", "/color2/tell"),
            egress(mesh, "colorteller-black-vn", "http", 9080), 1, egress(mesh, "colorteller-red-vn", "http", 9080), 1)
            .and(upstream("colorteller-2.howto-ingress-gateway.svc.cluster.local", "/tell")),
        expect("backend defaults: the gateway originates TLS to the colortellers, trusting the ACM PCA", null,
            "colorgateway-vg", Request.gateway(9080, "gateway.example.com", "/color1/tell"),
            egress(mesh, "colorteller-white-vn", "http", 9080), 1, egress(mesh, "colorteller-blue-vn", "http", 9080), 1)
            .and(clusterHas(egress(mesh, "colorteller-white-vn", "http", 9080), "transportSocket.name",
                "envoy.transport_sockets.tls"))));
  }

  @TestFactory
  Stream<DynamicTest> howtoCircuitBreakers() {
    String mesh = "howto-circuit-breakers";
    String white = egress(mesh, "colorteller-white-vn", "http", 9080);
    String black = egress(mesh, "colorteller-black-vn", "http2", 9080);
    return WalkthroughCase.tests(mesh, List.of(
        expect("/color1/tell answers white", null, "colorgateway-vg", Request.gateway(9080, "a", "/color1/tell"), white),
        expect("/color2/tell answers black", null, "colorgateway-vg", Request.gateway(9080, "a", "/color2/tell"), black),
        expect("the gateway's pool: 100 connections, 10000 pending requests", null, "colorgateway-vg",
            Request.gateway(9080, "a", "/color1/tell"), white)
            .and(clusterHas(white, "circuitBreakers.thresholds.0.maxConnections", "100"))
            .and(clusterHas(white, "circuitBreakers.thresholds.0.maxPendingRequests", "10000")),
        expect("white's own pool: 10 connections, 5 pending", null, "colorteller-white-vn",
            Request.inbound(9080, "/tell"), ingress(mesh, "colorteller-white-vn", "http", 9080))
            .and(clusterHas(ingress(mesh, "colorteller-white-vn", "http", 9080),
                "circuitBreakers.thresholds.0.maxConnections", "10"))
            .and(clusterHas(ingress(mesh, "colorteller-white-vn", "http", 9080),
                "circuitBreakers.thresholds.0.maxPendingRequests", "5")),
        expect("black's own http2 pool: 10 requests", null, "colorteller-black-vn",
            Request.inbound(9080, "/tell"), ingress(mesh, "colorteller-black-vn", "http2", 9080))
            .and(clusterHas(ingress(mesh, "colorteller-black-vn", "http2", 9080),
                "circuitBreakers.thresholds.0.maxRequests", "10"))));
  }

  @TestFactory
  Stream<DynamicTest> howtoHttpHeaders() {
    String mesh = "howto-http-headers";
    Request color = Request.outbound(8080, "color.howto-http-headers.local", "/");
    return WalkthroughCase.tests(mesh, List.of(
        expect("color_header: redorgreencolor goes to green (regex redor.*, priority 2) though it has the prefix"
            + " redorgreen of the red route (priority 5)", "app", "front-node",
            color.header("color_header", "redorgreencolor"), egress(mesh, "green-node", "http", 8080)),
        expect("red moved to priority 1: now red", "red-priority-1", "front-node",
            color.header("color_header", "redorgreencolor"), egress(mesh, "red-node", "http", 8080)),
        expect("a request without color_header goes to black (priority 300, prefix / only)", "red-priority-1",
            "front-node", color, egress(mesh, "black-node", "http", 8080))));
  }

  @TestFactory
  Stream<DynamicTest> howtoTimeoutPolicy() {
    String mesh = "ColorApp-Timeout";
    Request color = Request.outbound(80, "colorteller.default.svc.cluster.local", "/color");
    String white = egress(mesh, "ColorTellerWhite", "http", 80);
    String red = egress(mesh, "ColorTellerRed", "http", 80);
    return WalkthroughCase.tests("howto-timeout-policy", List.of(
        expect("the default request timeout is 15 s", "default", "ColorGateway", color, white).and(timeout("15s")),
        expect("the route's 5 s timeout", "route-5s", "ColorGateway", color, white).and(timeout("5s")),
        expect("the route's 20 s timeout", "route-20s", "ColorGateway", color, white).and(timeout("20s")),
        expect("the 20 s listener timeout of ColorTellerWhite on its inbound route", "route-20s", "ColorTellerWhite",
            Request.inbound(80, "/color"), ingress(mesh, "ColorTellerWhite", "http", 80)).and(timeout("20s")),
        expect("the gateway takes the route's 20 s timeout", "gateway", "publicgateway-vg",
            Request.gateway(80, "alb", "/color"), white).and(timeout("20s")),
        expect("/color1 returns white", "red", "publicgateway-vg", Request.gateway(80, "alb", "/color1"), white),
        expect("/color2 returns red", "red", "publicgateway-vg", Request.gateway(80, "alb", "/color2"), red),
        expect("/color1 times out after 18 s", "18s-10s", "publicgateway-vg", Request.gateway(80, "alb", "/color1"),
            white).and(timeout("18s")),
        expect("/color2 times out after 10 s", "18s-10s", "publicgateway-vg", Request.gateway(80, "alb", "/color2"),
            red).and(timeout("10s"))));
  }

  @TestFactory
  Stream<DynamicTest> howtoMatchAndRewriteAtIngress() {
    String mesh = "ColorApp-Ingress";
    String red = egress(mesh, "colorteller-red-vn", "http", 9080);
    String yellow = egress(mesh, "colorteller-yellow-vn", "http", 9080);
    return WalkthroughCase.tests("howto-match-and-rewrite-at-ingress", List.of(
        expect("/red/tell gives red; /red is rewritten to / by default", "up", "colorgateway-vg",
            Request.gateway(9080, "alb", "/red/tell"), red)
            .and(upstream("colorteller-1.default.svc.cluster.local", "/tell")),
        expect("/yellow/tell gives yellow", "up", "colorgateway-vg", Request.gateway(9080, "alb", "/yellow/tell"), yellow),
        expect("Host: www.example.com and /red/tell give red", "hostname-match", "colorgateway-vg",
            Request.gateway(9080, "www.example.com", "/red/tell"), red),
        unrouted("another host does not match the hostname route", "hostname-match", "colorgateway-vg",
            Request.gateway(9080, "other.example.com", "/red/tell")),
        expect("default prefix rewrite disabled: /red/tell reaches the route on /red/tell", "disabled-rewrite",
            "colorgateway-vg", Request.gateway(9080, "alb", "/red/tell"), red)
            .and(upstream("colorteller-1.default.svc.cluster.local", "/red/tell")),
        expect("/maroon/tell?fishes=nemo gives red, rewritten to /red/tell", "custom-rewrite", "colorgateway-vg",
            Request.gateway(9080, "alb", "/maroon/tell?fishes=nemo"), red)
            .and(upstream("colorteller-1.default.svc.cluster.local", "/red/tell?fishes=nemo")),
        unrouted("without fishes=nemo it does not match", "custom-rewrite", "colorgateway-vg",
            Request.gateway(9080, "alb", "/maroon/tell?fishes=dory"))));
  }

  @TestFactory
  Stream<DynamicTest> howtoMultipleListeners() {
    String mesh = "multiple-listeners-mesh";
    return WalkthroughCase.tests("howto-multiple-listeners", List.of(
        expect(":1111/fruit/ reaches the fruit app on 5555", null, "tellergateway-vg",
            Request.gateway(1111, "nlb", "/fruit/"), egress(mesh, "foodteller-vn", "http", 5555)),
        expect(":1111/vegetable/ reaches the vegetable app on 6666", null, "tellergateway-vg",
            Request.gateway(1111, "nlb", "/vegetable/"), egress(mesh, "foodteller-vn", "http", 6666)),
        expect(":2222 (no prefix) reaches colorteller on 7777", null, "tellergateway-vg",
            Request.gateway(2222, "nlb", "/"), egress(mesh, "colorteller-vn", "http", 7777))));
  }

  /** The README curls {@code :1111/fruit} and {@code :1111/vegetable}, without a trailing slash. */
  @Test
  void howtoMultipleListenersBarePrefixes() {
    String mesh = "multiple-listeners-mesh";
    expect(":1111/fruit reaches the fruit app", null, "tellergateway-vg", Request.gateway(1111, "nlb", "/fruit"),
        egress(mesh, "foodteller-vn", "http", 5555)).check("howto-multiple-listeners");
    expect(":1111/vegetable reaches the vegetable app", null, "tellergateway-vg",
        Request.gateway(1111, "nlb", "/vegetable"), egress(mesh, "foodteller-vn", "http", 6666))
        .check("howto-multiple-listeners");
  }

  @TestFactory
  Stream<DynamicTest> howtoMutualTlsFileProvided() {
    String mesh = "ColorApp-MutualTLS";
    String teller = egress(mesh, "colorteller-vn", "http", 9080);
    Request color = Request.gateway(9080, "nlb", "/");
    return WalkthroughCase.tests("howto-mutual-tls-file-provided", List.of(
        expect("the gateway reaches colorteller in plain text", "up", "gateway-vgw", color, teller),
        expect("a client policy with the SAN bogus...: the gateway checks for it (and fails)", "bad-san", "gateway-vgw",
            color, teller).and(o -> assertThat(o.clusterConfig(teller).path("transportSocket").toString())
                .contains("bogus.appmesh-mtls.local")),
        expect("a client policy validating the SAN colorteller...: TLS to colorteller", "good-san", "gateway-vgw", color,
            teller).and(clusterHas(teller, "transportSocket.name", "envoy.transport_sockets.tls")),
        expect("the gateway presents its certificate", "client-cert", "gateway-vgw", color, teller)
            .and(clusterHas(teller, "transportSocket.typedConfig.commonTlsContext.tlsCertificates.0.certificateChain.filename",
                "/keys/gateway_cert_chain.pem")),
        expect("colorteller requires the gateway's certificate", "require-client-cert", "colorteller-vn",
            Request.inbound(9080, "/"), ingress(mesh, "colorteller-vn", "http", 9080))));
  }

  /**
   * "By default a client proxy will be configured to accept any certificate provided by a backend":
   * a backend listener with STRICT TLS gets TLS from its clients even without a client policy.
   */
  @Test
  void tlsOriginatedToStrictBackendsWithoutClientPolicy() {
    String teller = egress("ColorApp-MutualTLS", "colorteller-vn", "http", 9080);
    expect("STRICT colorteller: the gateway speaks TLS to it", "strict-tls", "gateway-vgw",
        Request.gateway(9080, "nlb", "/"), teller)
        .and(clusterHas(teller, "transportSocket.name", "envoy.transport_sockets.tls"))
        .check("howto-mutual-tls-file-provided");
    String white = egress("ColorApp-TLS", "ColorTellerWhite", "http", 80);
    expect("STRICT white: the gateway speaks TLS to it", "up", "ColorGateway", Request.gateway(80, "alb", "/color"),
        white, 1, egress("ColorApp-TLS", "ColorTellerGreen", "http", 80), 0)
        .and(clusterHas(white, "transportSocket.name", "envoy.transport_sockets.tls"))
        .check("howto-tls-file-provided");
  }

  /** "SPIRE ... serves the SVIDs over SDS": the proxy asks the SDS server of its bootstrap, not the control plane. */
  @Test
  void sdsSecretsFromTheBootstrapSdsCluster() {
    String mesh = "howto-k8s-mtls-sds-based";
    String blue = egress(mesh, "blue_" + mesh, "http", 8080);
    expect("front presents its SVID from SPIRE", null, "front_" + mesh,
        Request.outbound(8080, "color." + mesh + ".svc.cluster.local", "/").header("color_header", "blue"), blue)
        .and(o -> assertThat(o.clusterConfig(blue).path("transportSocket").path("typedConfig").path("commonTlsContext")
            .path("tlsCertificateSdsSecretConfigs").path(0).path("sdsConfig").has("ads")).isFalse())
        .check(mesh);
  }

  /** howto-ipv6: with the mesh at IPv6_ONLY the proxies listen on IPv6. */
  @Test
  void ipv6OnlyMeshListensOnIpv6() {
    JsonNode proxy = WalkthroughCase.proxy("howto-ipv6-dns", "v6-only", "colorteller-red-vn");
    for (JsonNode listener : proxy.path("listeners")) {
      assertThat(listener.path("address").path("socketAddress").path("address").asText())
          .as(listener.path("name").asText()).isEqualTo("::");
    }
  }

  @TestFactory
  Stream<DynamicTest> howtoOutlierDetection() {
    String mesh = "howto-outlier-detection";
    String color = egress(mesh, "color-node", "http", 8080);
    Request get = Request.outbound(8080, "color.howto-outlier-detection.local", "/get");
    return WalkthroughCase.tests(mesh, List.of(
        expect("front reaches color without ejection", "plain", "front-node", get, color)
            .and(o -> assertThat(o.clusterConfig(color).has("outlierDetection")).isFalse()),
        expect("after 5 server errors in 30 s a host is ejected for 10 s, up to 100 %", "outlier-detection",
            "front-node", get, color)
            .and(clusterHas(color, "outlierDetection.consecutive5xx", "5"))
            .and(clusterHas(color, "outlierDetection.interval", "30s"))
            .and(clusterHas(color, "outlierDetection.baseEjectionTime", "10s"))
            .and(clusterHas(color, "outlierDetection.maxEjectionPercent", "100"))));
  }

  @TestFactory
  Stream<DynamicTest> weightedSplits() {
    return Stream.of(
        WalkthroughCase.tests("howto-servicediscovery-cloudmap", List.of(
            expect("the gateway splits colorteller 50/50 between blue and green", null, "colorgateway",
                Request.gateway(9080, "nlb", "/"),
                egress("howto-servicediscovery-cloudmap", "colorteller-blue-node", "http", 9080), 50,
                egress("howto-servicediscovery-cloudmap", "colorteller-green-node", "http", 9080), 50))),
        WalkthroughCase.tests("howto-ecs-basics", List.of(
            expect("front calls color: one node", "meshify", "howto-ecs-basics-front-node",
                Request.outbound(8080, "color.howto-ecs-basics.mesh.local", "/color"),
                egress("howto-ecs-basics", "howto-ecs-basics-color-node", "http", 8080)),
            expect("after 3-routing: 50/50 between color and color-v2", "routing", "howto-ecs-basics-front-node",
                Request.outbound(8080, "color.howto-ecs-basics.mesh.local", "/color"),
                egress("howto-ecs-basics", "howto-ecs-basics-color-node", "http", 8080), 50,
                egress("howto-ecs-basics", "howto-ecs-basics-color-v2-node", "http", 8080), 50))),
        WalkthroughCase.tests("howto-alb", List.of(
            expect("front splits backend 50/50 between the ALB v1 and Cloud Map v2", null, "howto-alb-front-node",
                Request.outbound(8080, "backend.howto-alb.pvt.local", "/"),
                egress("howto-alb", "howto-alb-backend-v1-node", "http", 8080), 50,
                egress("howto-alb", "howto-alb-backend-v2-node", "http", 8080), 50))),
        WalkthroughCase.tests("fargate", List.of(
            expect("blue to green is 2:1", null, "colorgateway-vn",
                Request.outbound(9080, "colorteller.default.svc.cluster.local", "/color"),
                egress("appmesh-mesh", "colorteller-blue-vn", "http", 9080), 2,
                egress("appmesh-mesh", "colorteller-green-vn", "http", 9080), 1))),
        WalkthroughCase.tests("howto-metrics-extension-ecs", List.of(
            expect("djapp splits metal 60/40 between v1 and v2", null, "djapp",
                Request.outbound(8080, "metal.howto-metrics-extension.local", "/"),
                egress("howto-metrics-extension", "metal-v1", "http", 8080), 60,
                egress("howto-metrics-extension", "metal-v2", "http", 8080), 40))),
        WalkthroughCase.tests("examples-colorapp", List.of(
            expect("traffic is spread equally among white, blue and red", null, "colorgateway-vn",
                Request.outbound(9080, "colorteller.default.svc.cluster.local", "/color"),
                egress("appmesh-mesh", "colorteller-white-vn", "http", 9080), 1,
                egress("appmesh-mesh", "colorteller-blue-vn", "http", 9080), 1,
                egress("appmesh-mesh", "colorteller-red-vn", "http", 9080), 1))),
        WalkthroughCase.tests("examples-djapp", List.of(
            expect("dj calls jazz v1", "meshed", "dj_prod", Request.outbound(9080, "jazz.prod.svc.cluster.local", "/"),
                egress("dj-app", "jazz-v1_prod", "http", 9080)),
            expect("the canary sends 5 % to jazz v2", "canary", "dj_prod",
                Request.outbound(9080, "jazz.prod.svc.cluster.local", "/"),
                egress("dj-app", "jazz-v1_prod", "http", 9080), 95, egress("dj-app", "jazz-v2_prod", "http", 9080), 5))),
        WalkthroughCase.tests("howto-cross-account", List.of(
            expect("the gateway reaches backend-1", "secondary", "gateway-vg", Request.gateway(80, "alb", "/"),
                egress("howto-cross-account-mesh", "backend-1-vn", "http", 80)),
            expect("updated-route.json: now backend-2 of the second account", "updated-route", "gateway-vg",
                Request.gateway(80, "alb", "/"), egress("howto-cross-account-mesh", "backend-2-vn", "http", 80))))
    ).flatMap(s -> s);
  }

  @TestFactory
  Stream<DynamicTest> howtoTlsFileProvided() {
    String mesh = "ColorApp-TLS";
    String white = egress(mesh, "ColorTellerWhite", "http", 80);
    String green = egress(mesh, "ColorTellerGreen", "http", 80);
    Request color = Request.gateway(80, "alb", "/color");
    return WalkthroughCase.tests("howto-tls-file-provided", List.of(
        expect("only white at first (green has weight 0)", "up", "ColorGateway", color, white, 1, green, 0),
        expect("green and white once green has weight 1", "add-green", "ColorGateway", color, white, 1, green, 1),
        expect("the gateway validates with CA 1 only", "validate-ca1", "ColorGateway", color, white, 1, green, 1)
            .and(clusterHas(green, "transportSocket.typedConfig.commonTlsContext.validationContext.trustedCa.filename",
                "/keys/ca_1_cert.pem")),
        expect("then with the CA 1 + 2 bundle", "validate-bundle", "ColorGateway", color, white, 1, green, 1)
            .and(clusterHas(green, "transportSocket.typedConfig.commonTlsContext.validationContext.trustedCa.filename",
                "/keys/ca_1_ca_2_bundle.pem"))));
  }

  @TestFactory
  Stream<DynamicTest> grpcGateways() {
    return Stream.concat(
        WalkthroughCase.tests("howto-grpc-ingress-gateway", List.of(
            expect("the gateway routes color.ColorService to color_server", null, "color_gateway",
                Request.gateway(8080, "nlb", "/color.ColorService/GetColor").grpc(),
                egress("howto-grpc-ingress-gateway-mesh", "color_server", "grpc", 8080)),
            unrouted("another service is not routed", null, "color_gateway",
                Request.gateway(8080, "nlb", "/other.Service/Get").grpc()))),
        WalkthroughCase.tests("howto-k8s-grpc-ingress-v2", List.of(
            expect("the gateway routes Hello to the greeter", null, "ingress-gw_howto-k8s-grpc-ingress-v2",
                Request.gateway(9111, "nlb", "/Hello/SayHello").grpc(),
                egress("howto-k8s-grpc-ingress-v2", "greeter_howto-k8s-grpc-ingress-v2", "grpc", 9111)))));
  }

  @TestFactory
  Stream<DynamicTest> howtoExternalTraffic() {
    String mesh = "ColorApp-External-Traffic";
    return WalkthroughCase.tests("howto-external-traffic", List.of(
        expect("colorteller reaches github.com:443 through its TCP virtual node", null, "ColorTellerWhite",
            Request.outbound(443, "github.com", "/"), egress(mesh, "ExternalService", "tcp", 443))));
  }

  @TestFactory
  Stream<DynamicTest> howtoK8sHttpHeaders() {
    String mesh = "howto-k8s-http-headers";
    Request color = Request.outbound(8080, "color.howto-k8s-http-headers.svc.cluster.local", "/");
    return WalkthroughCase.tests(mesh, List.of(
        expect("color_header: blue goes to blue", null, "front_" + mesh, color.header("color_header", "blue"),
            egress(mesh, "blue_" + mesh, "http", 8080)),
        expect("color_header: lightgreen goes to green (regex .*green.*)", null, "front_" + mesh,
            color.header("color_header", "lightgreen"), egress(mesh, "green_" + mesh, "http", 8080)),
        expect("color_header: redish goes to red (prefix red)", null, "front_" + mesh,
            color.header("color_header", "redish"), egress(mesh, "red_" + mesh, "http", 8080)),
        expect("any other color_header goes to yellow", null, "front_" + mesh, color.header("color_header", "pink"),
            egress(mesh, "yellow_" + mesh, "http", 8080)),
        expect("no color_header goes to white", null, "front_" + mesh, color,
            egress(mesh, "white_" + mesh, "http", 8080))));
  }

  @TestFactory
  Stream<DynamicTest> howtoK8sIngressGateway() {
    String mesh = "howto-k8s-ingress-gateway";
    String gw = "ingress-gw_" + mesh;
    return WalkthroughCase.tests(mesh, List.of(
        expect("/paths/blue answers blue", null, gw, Request.gateway(8088, "nlb", "/paths/blue"),
            egress(mesh, "blue_" + mesh, "http", 8080)),
        expect("/paths/red answers red", null, gw, Request.gateway(8088, "nlb", "/paths/red"),
            egress(mesh, "red_" + mesh, "http", 8080)),
        expect("/headers/ with color_header: blue answers blue", null, gw,
            Request.gateway(8088, "nlb", "/headers/").header("color_header", "blue"),
            egress(mesh, "blue_" + mesh, "http", 8080)),
        expect("/headers/ without the header answers white", null, gw, Request.gateway(8088, "nlb", "/headers/"),
            egress(mesh, "white_" + mesh, "http", 8080))));
  }

  /** The README curls {@code -H "color_header: blue" $GW/headers}: the gateway route's prefix without a slash. */
  @Test
  void howtoK8sIngressGatewayBarePrefix() {
    String mesh = "howto-k8s-ingress-gateway";
    expect("/headers with color_header: blue answers blue", null, "ingress-gw_" + mesh,
        Request.gateway(8088, "nlb", "/headers").header("color_header", "blue"), egress(mesh, "blue_" + mesh, "http", 8080))
        .check(mesh);
  }

  @TestFactory
  Stream<DynamicTest> howtoK8sHttpIngressV2() {
    String mesh = "howto-k8s-http-ingress-v2";
    String gw = "ingress-gw_" + mesh;
    return WalkthroughCase.tests(mesh, List.of(
        expect("/paths/red answers red", "prefix-match", gw, Request.gateway(8088, "nlb", "/paths/red"),
            egress(mesh, "red_" + mesh, "http", 8080)),
        expect("/paths/blue answers blue", "prefix-match", gw, Request.gateway(8088, "nlb", "/paths/blue"),
            egress(mesh, "blue_" + mesh, "http", 8080)),
        expect("/paths/green answers green (exact path, priority 0)", "path-match", gw,
            Request.gateway(8088, "nlb", "/paths/green"), egress(mesh, "green_" + mesh, "http", 8080)),
        expect("color_header: yellow answers yellow", "header-match", gw,
            Request.gateway(8088, "nlb", "/").header("color_header", "yellow"),
            egress(mesh, "yellow_" + mesh, "http", 8080)),
        expect("/query/?color_type=white answers white", "query-match", gw,
            Request.gateway(8088, "nlb", "/query/?color_type=white"), egress(mesh, "white_" + mesh, "http", 8080)),
        expect("/test/ answers red, rewritten to /red/", "rewrite-prefix", gw, Request.gateway(8088, "nlb", "/test/"),
            egress(mesh, "red_" + mesh, "http", 8080)).and(o -> assertThat(o.upstreamPath()).isEqualTo("/red/")),
        expect("/rewrite/path/blue answers blue, path rewritten to /blue", "rewrite-path", gw,
            Request.gateway(8088, "nlb", "/rewrite/path/blue"), egress(mesh, "blue_" + mesh, "http", 8080))
            .and(o -> assertThat(o.upstreamPath()).isEqualTo("/blue"))));
  }

  /** The README curls {@code $GW/query?color_type=white}: the gateway route's prefix /query without a slash. */
  @Test
  void howtoK8sHttpIngressV2BarePrefix() {
    String mesh = "howto-k8s-http-ingress-v2";
    expect("/query?color_type=white answers white", "query-match", "ingress-gw_" + mesh,
        Request.gateway(8088, "nlb", "/query?color_type=white"), egress(mesh, "white_" + mesh, "http", 8080))
        .check(mesh);
  }

  @TestFactory
  Stream<DynamicTest> howtoK8sPolicies() {
    String retry = "howto-k8s-retry-policy";
    String timeout = "howto-k8s-timeout-policy";
    String grpc = "howto-k8s-grpc";
    String http2 = "howto-k8s-http2";
    return Stream.of(
        WalkthroughCase.tests(retry, List.of(
            expect("front reaches blue", "no-retries", "front_" + retry,
                Request.outbound(8080, "color." + retry + ".svc.cluster.local", "/"), egress(retry, "blue_" + retry, "http", 8080)),
            expect("with the retry policy: 4 retries of server errors, 2 s each", "retries", "front_" + retry,
                Request.outbound(8080, "color." + retry + ".svc.cluster.local", "/"), egress(retry, "blue_" + retry, "http", 8080))
                .and(retries("5xx", 4, "2s")))),
        WalkthroughCase.tests(timeout, List.of(
            expect("front calls colorapp: red and blue, 60 s timeout", null, "front_" + timeout,
                Request.outbound(8080, "colorapp." + timeout + ".pvt.aws.local", "/color"),
                egress(timeout, "colorapp-red_" + timeout, "http", 8080), 1,
                egress(timeout, "colorapp-blue_" + timeout, "http", 8080), 1).and(timeout("60s")),
            expect("colorapp-blue's inbound route keeps the 60 s listener timeout", null, "colorapp-blue_" + timeout,
                Request.inbound(8080, "/color"), ingress(timeout, "colorapp-blue_" + timeout, "http", 8080))
                .and(timeout("60s")))),
        WalkthroughCase.tests(grpc, List.of(
            expect("the client's GetColor reaches the server", null, "client_" + grpc,
                Request.outbound(8080, "color." + grpc + ".svc.cluster.local", "/color.ColorService/GetColor").grpc(),
                egress(grpc, "server_" + grpc, "grpc", 8080)),
            unrouted("only GetColor is routed", null, "client_" + grpc,
                Request.outbound(8080, "color." + grpc + ".svc.cluster.local", "/color.ColorService/SetColor").grpc()))),
        WalkthroughCase.tests(http2, List.of(
            expect("red, blue and green in equal parts", null, "client_" + http2,
                Request.outbound(8080, "color." + http2 + ".svc.cluster.local", "/color"),
                egress(http2, "red_" + http2, "http2", 8080), 1, egress(http2, "blue_" + http2, "http2", 8080), 1,
                egress(http2, "green_" + http2, "http2", 8080), 1))),
        WalkthroughCase.tests("howto-k8s-multiple-listeners", List.of(
            expect("gateway :8090 reaches the node's 8090 listener", null, "colors-gw_colors",
                Request.gateway(8090, "nlb", "/"), egress("colors", "multi-colors_colors", "http", 8090)),
            expect("gateway :8080 reaches the node's 8080 listener", null, "colors-gw_colors",
                Request.gateway(8080, "nlb", "/"), egress("colors", "multi-colors_colors", "http", 8080)))),
        WalkthroughCase.tests("eks-getting-started", List.of(
            expect("yelb-ui reaches the appserver", "initial", "yelb-ui-virtual-node",
                Request.outbound(4567, "yelb-appserver", "/api/getvotes"),
                egress("yelb", "yelb-appserver-virtual-node", "http", 4567)),
            expect("v1 and v2 at 1:1", "v1-v2", "yelb-ui-virtual-node",
                Request.outbound(4567, "yelb-appserver", "/api/getvotes"),
                egress("yelb", "yelb-appserver-virtual-node", "http", 4567), 1,
                egress("yelb", "yelb-appserver-virtual-node-v2", "http", 4567), 1),
            expect("v2 only, retried twice on 5xx, 4xx and gateway errors", "v2", "yelb-ui-virtual-node",
                Request.outbound(4567, "yelb-appserver", "/api/getvotes"),
                egress("yelb", "yelb-appserver-virtual-node-v2", "http", 4567))))
    ).flatMap(s -> s);
  }

  /** The cluster's TLS settings (its transport socket) mention {@code text}. */
  private static Consumer<Outcome> tlsMentions(String cluster, String text) {
    return o -> assertThat(o.clusterConfig(cluster).path("transportSocket").toString())
        .as("TLS of " + cluster).contains(text);
  }

  private static Consumer<Outcome> plaintext(String cluster) {
    return o -> assertThat(o.clusterConfig(cluster).has("transportSocket")).as(cluster + " in plain text").isFalse();
  }

  @TestFactory
  Stream<DynamicTest> k8sWalkthroughs() {
    String egress = "howto-k8s-egress";
    String cloudmap = "howto-k8s-cloudmap";
    String outlier = "howto-k8s-outlier-detection";
    String fargate = "howto-k8s-fargate";
    String alb = "howto-k8s-alb";
    String crossCluster = "howto-k8s-cross-cluster";
    String tlsAcm = "howto-k8s-tls-acm";
    String mtls = "howto-k8s-mtls-file-based";
    String pca = "arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
    return Stream.of(
        WalkthroughCase.tests(egress, List.of(
            expect("front reaches blue in the mesh-external namespace", null, "front_" + egress,
                Request.outbound(8080, "blue.mesh-external.svc.cluster.local", "/"), egress(egress, "blue_" + egress, "http", 8080)))),
        WalkthroughCase.tests(cloudmap, List.of(
            expect("front's colorapp is red and blue, found in Cloud Map", null, "front_" + cloudmap,
                Request.outbound(8080, "colorapp." + cloudmap + ".svc.cluster.local", "/"),
                egress(cloudmap, "colorapp-red_" + cloudmap, "http", 8080), 1,
                egress(cloudmap, "colorapp-blue_" + cloudmap, "http", 8080), 1))),
        WalkthroughCase.tests(outlier, List.of(
            expect("front ejects a colorapp host after 5 server errors in 10 s, for 10 s, at most 50 %", null,
                "front_" + outlier, Request.outbound(8080, "colorapp." + outlier + ".svc.cluster.local", "/color"),
                egress(outlier, "colorapp_" + outlier, "http", 8080))
                .and(clusterHas(egress(outlier, "colorapp_" + outlier, "http", 8080), "outlierDetection.consecutive5xx", "5"))
                .and(clusterHas(egress(outlier, "colorapp_" + outlier, "http", 8080), "outlierDetection.interval", "10s"))
                .and(clusterHas(egress(outlier, "colorapp_" + outlier, "http", 8080),
                    "outlierDetection.maxEjectionPercent", "50")))),
        WalkthroughCase.tests(fargate, List.of(
            expect("blue and green in equal parts", null, "front_" + fargate,
                Request.outbound(8080, "color." + fargate + ".svc.cluster.local", "/color"),
                egress(fargate, "blue_" + fargate, "http", 8080), 1, egress(fargate, "green_" + fargate, "http", 8080), 1))),
        WalkthroughCase.tests(alb, List.of(
            expect("blue and green in equal parts", null, "front_" + alb,
                Request.outbound(8080, "color." + alb + ".svc.cluster.local", "/color"),
                egress(alb, "blue_" + alb, "http", 8080), 1, egress(alb, "green_" + alb, "http", 8080), 1))),
        WalkthroughCase.tests(crossCluster, List.of(
            expect("front (cluster 1) reaches red and blue of cluster 2", "cluster2", "front_" + crossCluster,
                Request.outbound(8080, "colorapp." + crossCluster + ".svc.cluster.local", "/color"),
                egress(crossCluster, "colorapp-red_" + crossCluster, "http", 8080), 1,
                egress(crossCluster, "colorapp-blue_" + crossCluster, "http", 8080), 1))),
        WalkthroughCase.tests(tlsAcm, List.of(
            expect("color_header: blue reaches blue over TLS trusting the ACM PCA", null, "front_" + tlsAcm,
                Request.outbound(8080, "color." + tlsAcm + ".svc.cluster.local", "/").header("color_header", "blue"),
                egress(tlsAcm, "blue_" + tlsAcm, "http", 8080))
                .and(tlsMentions(egress(tlsAcm, "blue_" + tlsAcm, "http", 8080), pca)))),
        WalkthroughCase.tests(mtls, List.of(
            expect("front trusts CA 1 and presents its certificate", "up", "front_" + mtls,
                Request.outbound(8080, "color." + mtls + ".svc.cluster.local", "/").header("color_header", "green"),
                egress(mtls, "green_" + mtls, "http", 8080))
                .and(tlsMentions(egress(mtls, "green_" + mtls, "http", 8080), "ca_1_cert.pem"))
                .and(tlsMentions(egress(mtls, "green_" + mtls, "http", 8080), "/certs/front_cert_chain.pem")),
            expect("then the CA 1 + 2 bundle", "add-green", "front_" + mtls,
                Request.outbound(8080, "color." + mtls + ".svc.cluster.local", "/").header("color_header", "green"),
                egress(mtls, "green_" + mtls, "http", 8080))
                .and(tlsMentions(egress(mtls, "green_" + mtls, "http", 8080), "ca_1_ca_2_bundle.pem")))),
        WalkthroughCase.tests("tls-with-acm", List.of(
            expect("the gateway speaks TLS to white, trusting the ACM PCA", null, "ColorGateway",
                Request.gateway(80, "nlb", "/color"), egress("ColorApp-TLS", "ColorTellerWhite", "http", 80))
                .and(tlsMentions(egress("ColorApp-TLS", "ColorTellerWhite", "http", 80), pca)))),
        WalkthroughCase.tests("howto-mutual-tls-file-provided-by-acm", List.of(
            expect("no TLS at first", "no-tls", "gateway-vgw", Request.gateway(9080, "nlb", "/"),
                egress("mtls-appmesh", "colorteller-vn", "http", 9080))
                .and(plaintext(egress("mtls-appmesh", "colorteller-vn", "http", 9080))),
            expect("one-way TLS: the gateway trusts the ACM PCA", "1way-tls", "gateway-vgw", Request.gateway(9080, "nlb", "/"),
                egress("mtls-appmesh", "colorteller-vn", "http", 9080))
                .and(tlsMentions(egress("mtls-appmesh", "colorteller-vn", "http", 9080), pca)),
            expect("mutual TLS: the gateway presents its exported certificate", "mtls", "gateway-vgw",
                Request.gateway(9080, "nlb", "/"), egress("mtls-appmesh", "colorteller-vn", "http", 9080))
                .and(tlsMentions(egress("mtls-appmesh", "colorteller-vn", "http", 9080),
                    "/keys/colorgateway_endpoint_cert_chain.pem"))))
    ).flatMap(t -> t);
  }
}
