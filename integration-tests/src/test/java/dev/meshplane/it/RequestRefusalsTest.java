package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.frontend.http.OperationCatalog;
import dev.meshplane.store.JournaledStore;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.AppMeshException;
import software.amazon.awssdk.services.appmesh.model.BadRequestException;
import software.amazon.awssdk.services.appmesh.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.appmesh.model.TagRef;

/**
 * Requests refused at the edge of the API, each answered in the App Mesh error shape and changing
 * nothing: forged page tokens, compressed or non-UTF-8 bodies, malformed request targets, a
 * region other than the server's. Raw requests are signed by the AWS SDK's signer, or, for a
 * query that is not UTF-8 (which the SDK cannot express), by botocore's, the AWS CLI's own.
 */
class RequestRefusalsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  static RunningServer server;
  static AppMeshClient appMesh;
  static String nodeArn;

  @BeforeAll
  static void start() {
    server = RunningServer.onSqlite(dataDir);
    appMesh = server.client();
    appMesh.createMesh(r -> r.meshName("m"));
    List<TagRef> tags = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tags.add(TagRef.builder().key("k" + i).value("v" + i).build());
    }
    nodeArn = appMesh.createVirtualNode(r -> r.meshName("m").virtualNodeName("web").tags(tags)
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("web.local"))))).virtualNode().metadata().arn();
    appMesh.createVirtualNode(r -> r.meshName("m").virtualNodeName("api").spec(s -> {}));
    for (String router : List.of("r1", "r2")) {
      appMesh.createVirtualRouter(r -> r.meshName("m").virtualRouterName(router)
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
    }
  }

  @AfterAll
  static void stop() {
    appMesh.close();
    server.close();
  }

  private static long journalHead() {
    var entries = server.bean(JournaledStore.class).journalAfter(0, 1_000_000);
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
  }

  /** The App Mesh error shape: the status, x-amzn-ErrorType, and a JSON body with the message. */
  private static void assertShape(int status, String errorTypeHeader, String body, int wantStatus, String wantType,
      String messagePart) throws Exception {
    assertThat(status).as(body).isEqualTo(wantStatus);
    assertThat(errorTypeHeader).as(body).isEqualTo(wantType);
    JsonNode json = JSON.readTree(body);
    assertThat(json.path("message").asText()).contains(messagePart);
  }

  private static void assertShape(HttpResponse<String> response, int status, String type, String messagePart) throws Exception {
    assertShape(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(null), response.body(),
        status, type, messagePart);
  }

  private static void assertShape(RawHttp.Response response, int status, String type, String messagePart) throws Exception {
    assertShape(response.status(), response.header("x-amzn-ErrorType"), response.body(), status, type, messagePart);
  }

  private static String oldStyleToken(String scope, String position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((scope + "\n" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The model leaves HTTP retry events free strings; a gRPC route's too are checked, never copied to Envoy. */
  @Test
  void aGrpcRouteNamingAnUnknownHttpRetryEventIsABadRequest() {
    long head = journalHead();
    assertThatThrownBy(() -> appMesh.createRoute(r -> r.meshName("m").virtualRouterName("r1").routeName("grpc")
            .spec(s -> s.grpcRoute(g -> g.match(m -> m.serviceName("color.Color"))
                .action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1)))
                .retryPolicy(p -> p.maxRetries(1L).perRetryTimeout(d -> d.unit("ms").value(100L))
                    .grpcRetryEventsWithStrings("unavailable").httpRetryEvents("reset"))))))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("spec.grpcRoute.retryPolicy.httpRetryEvents[0]: must be one of server-error,"
            + " gateway-error, client-error, stream-error; got \"reset\"");
    assertThat(journalHead()).isEqualTo(head);
  }

  @Test
  void forgedTagTokensWithANegativeOrOverflowingOffsetAreBadRequests() {
    long head = journalHead();
    for (String position : new String[] {"-5", "2147483647", "2147483600"}) {
      assertThatThrownBy(() -> appMesh.listTagsForResource(r -> r.resourceArn(nodeArn).limit(50)
              .nextToken(oldStyleToken("tags/" + nodeArn, position))))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("nextToken: is not a token returned by this listing");
    }
    assertThat(journalHead()).isEqualTo(head);
  }

  @Test
  void aGenuineTokenPagesOnAndSurvivesARestartOfTheServer() {
    ListTagsForResourceResponse first = appMesh.listTagsForResource(r -> r.resourceArn(nodeArn).limit(2));
    assertThat(first.tags()).extracting(TagRef::key).containsExactly("k0", "k1");
    String nodesToken = appMesh.listVirtualNodes(r -> r.meshName("m").limit(1)).nextToken();
    // Another process on the same store (here: the same server restarted) accepts the tokens: the key is the store's.
    server.close();
    server = RunningServer.onSqlite(dataDir);
    appMesh = server.client();
    assertThat(appMesh.listTagsForResource(r -> r.resourceArn(nodeArn).limit(2).nextToken(first.nextToken())).tags())
        .extracting(TagRef::key).containsExactly("k2", "k3");
    assertThat(appMesh.listVirtualNodes(r -> r.meshName("m").limit(1).nextToken(nodesToken)).virtualNodes())
        .extracting(n -> n.virtualNodeName()).containsExactly("web");
  }

  @Test
  void aTokenOfAnotherListingOrAnAlteredOneIsABadRequestOnEveryListOperation() {
    String nodesToken = appMesh.listVirtualNodes(r -> r.meshName("m").limit(1)).nextToken();
    assertThatThrownBy(() -> appMesh.listVirtualRouters(r -> r.meshName("m").nextToken(nodesToken)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("nextToken");
    String altered = nodesToken.charAt(0) == 'A' ? "B" + nodesToken.substring(1) : "A" + nodesToken.substring(1);
    assertThatThrownBy(() -> appMesh.listVirtualNodes(r -> r.meshName("m").nextToken(altered)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("nextToken");
    assertThatThrownBy(() -> appMesh.listMeshes(r -> r.nextToken(oldStyleToken("mesh/null/null", "a"))))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("nextToken");
    assertThatThrownBy(() -> appMesh.listVirtualServices(r -> r.meshName("m").nextToken("x")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("nextToken");
    assertThatThrownBy(() -> appMesh.listVirtualGateways(r -> r.meshName("m").nextToken("x.y")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("nextToken");
    assertThatThrownBy(() -> appMesh.listRoutes(r -> r.meshName("m").virtualRouterName("r1").nextToken(nodesToken)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("nextToken");
    assertThat(new OperationCatalog().all().stream().filter(o -> o.name().startsWith("List")).count())
        .as("List operations: the seven kinds and tags").isEqualTo(8);
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aGzipContentEncodingIsRefusedClearlyWhetherOrNotTheBodyIsGzip() throws Exception {
    long head = journalHead();
    URI meshes = server.endpoint().resolve("/v20190125/meshes");
    URI node = server.endpoint().resolve("/v20190125/meshes/m/virtualNodes/web");
    URI tag = server.endpoint().resolve("/v20190125/tag?resourceArn=" + nodeArn);
    String mesh = "{\"meshName\":\"zipped\"}";
    for (var signed : List.of(
        SignedHttp.signBytes("PUT", meshes, mesh.getBytes(StandardCharsets.UTF_8), server.credentials(), RunningServer.REGION, Clock.systemUTC()),
        SignedHttp.signBytes("PUT", meshes, gzip(mesh), server.credentials(), RunningServer.REGION, Clock.systemUTC()),
        SignedHttp.sign("PUT", node, "{\"spec\":{}}", server.credentials()),
        SignedHttp.sign("PUT", tag, "{\"tags\":[{\"key\":\"a\",\"value\":\"b\"}]}", server.credentials()))) {
      assertShape(signed.withHeader("Content-Encoding", "gzip").send(), 400, "BadRequestException",
          "Content-Encoding 'gzip' is not accepted: send the JSON body uncompressed");
    }
    assertThat(journalHead()).isEqualTo(head);
  }

  @Test
  void aSignedBodyThatIsNotUtf8IsABadRequestNotABadSignature() throws Exception {
    long head = journalHead();
    byte[] body = {'{', '"', 'm', 'e', 's', 'h', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    var signed = SignedHttp.signBytes("PUT", server.endpoint().resolve("/v20190125/meshes"), body, server.credentials(),
        RunningServer.REGION, Clock.systemUTC());
    assertShape(signed.send(), 400, "BadRequestException", "The request body is not UTF-8 JSON");
    assertThat(journalHead()).isEqualTo(head);
  }

  /** Found by ApiFuzzTest: a NUL in a name was a 503 on PostgreSQL; an escaped lone surrogate was stored as '?'. */
  @Test
  void textNoStoreCanKeepIsABadRequestNamingTheField() throws Exception {
    long head = journalHead();
    assertThatThrownBy(() -> appMesh.createVirtualService(r -> r.meshName("m").virtualServiceName("a\u0000b").spec(s -> {})))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("virtualServiceName: must not contain a NUL character (U+0000)");
    var surrogate = SignedHttp.sign("PUT", server.endpoint().resolve("/v20190125/meshes/m/virtualNodes"),
        "{\"virtualNodeName\":\"n\",\"spec\":{\"serviceDiscovery\":{\"dns\":{\"hostname\":\"\\ud800.local\"}}}}",
        server.credentials());
    assertShape(surrogate.send(), 400, "BadRequestException",
        "spec.serviceDiscovery.dns.hostname: must not contain an unpaired surrogate (U+D800)");
    assertThat(journalHead()).isEqualTo(head);
  }

  /** Found by ApiFuzzTest: Micronaut drops a GET's body, so a correctly signed one failed as InvalidSignature. */
  @Test
  void aGetWithABodyIsABadRequest() throws Exception {
    var signed = SignedHttp.sign("GET", server.endpoint().resolve("/v20190125/meshes"), "{}", server.credentials());
    assertShape(signed.send(), 400, "BadRequestException", "A GET request has no body");
  }

  @Test
  void aSignedQueryOrPathThatIsNotUtf8IsABadRequestNotABadSignature() throws Exception {
    long head = journalHead();
    // %ED%A0%80 is a lone surrogate (U+D800) in UTF-8 form; %C3%28 is no UTF-8 at all
    for (String target : List.of("/v20190125/meshes?nextToken=%ED%A0%80", "/v20190125/meshes/m/virtualNodes?limit=%C3%28",
        "/v20190125/meshes/%C3%28", "/v20190125/meshes/m/virtualNodes/%ED%A0%80")) {
      String url = server.endpoint() + target;
      RawHttp.Response response = RawHttp.send(server.endpoint(), botocoreSignedHead("GET", url));
      assertShape(response, 400, "BadRequestException", "is not percent-encoded UTF-8");
    }
    assertThat(journalHead()).isEqualTo(head);
  }

  /** The request line and headers botocore's SigV4Auth (what the AWS CLI signs with) makes for a GET of {@code url}. */
  private static String botocoreSignedHead(String method, String url) throws Exception {
    String script = String.join("\n",
        "import sys, json",
        "from botocore.awsrequest import AWSRequest",
        "from botocore.auth import SigV4Auth",
        "from botocore.credentials import Credentials",
        "method, url, key, secret, region = sys.argv[1:6]",
        "request = AWSRequest(method=method, url=url, data=b'')",
        "SigV4Auth(Credentials(key, secret), 'appmesh', region).add_auth(request)",
        "print(json.dumps(dict(request.headers)))");
    AwsBasicCredentials admin = RunningServer.ADMIN;
    Process python = new ProcessBuilder("python3", "-c", script, method, url, admin.accessKeyId(), admin.secretAccessKey(),
        RunningServer.REGION).redirectErrorStream(true).start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(out).isZero();
    JsonNode headers = JSON.readTree(out);
    StringBuilder head = new StringBuilder(method + " " + URI.create(url).getRawPath()
        + (URI.create(url).getRawQuery() == null ? "" : "?" + URI.create(url).getRawQuery()) + " HTTP/1.1");
    headers.fields().forEachRemaining(h -> head.append("\r\n").append(h.getKey()).append(": ").append(h.getValue().asText()));
    return head.toString();
  }

  @Test
  void malformedTargetsLongLinesAndUnknownRoutesAnswerInTheAppMeshShape() throws Exception {
    URI endpoint = server.endpoint();
    assertShape(RawHttp.send(endpoint, "GET /v20190125/meshes/%zz HTTP/1.1"), 400, "BadRequestException",
        "The request target is not a valid URI");
    assertShape(RawHttp.send(endpoint, "GET /v20190125/meshes/% HTTP/1.1"), 400, "BadRequestException",
        "The request target is not a valid URI");
    assertShape(RawHttp.send(endpoint, "GET /v20190125/meshes?limit=%zz HTTP/1.1"), 400, "BadRequestException",
        "percent-encode");
    assertShape(RawHttp.send(endpoint, "GET /v20190125/meshes/" + "a".repeat(20_000) + " HTTP/1.1"), 400,
        "BadRequestException", "The request line or headers are too long");
    assertShape(RawHttp.send(endpoint, "GET /v20190125/meshes HTTP/1.1\r\nX-Big: " + "b".repeat(20_000)), 400,
        "BadRequestException", "The request line or headers are too long");
    assertShape(RawHttp.send(endpoint, "NOT HTTP AT ALL"), 400, "BadRequestException", "Bad Request");
    assertShape(RawHttp.send(endpoint, "GET /nowhere HTTP/1.1"), 404, "NotFoundException", "No App Mesh operation is bound to GET /nowhere");
    assertShape(RawHttp.send(endpoint, "POST /v20190125/meshes HTTP/1.1"), 400, "BadRequestException", "GET, PUT and DELETE");
    // A line of 5 KiB (over Netty's default 4 KiB) is served: three 255-character names percent-encoded fit.
    String name = "%E2%82%AC".repeat(255);
    RawHttp.Response longButValid = RawHttp.send(endpoint, "GET /v20190125/meshes/" + name + "/virtualRouter/" + name
        + "/routes/" + name + " HTTP/1.1");
    assertShape(longButValid, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }

  @Test
  void aClientSigningForAnotherRegionIsToldTheServersRegion() {
    try (AppMeshClient elsewhere = AppMeshClient.builder().endpointOverride(server.endpoint()).region(Region.EU_WEST_1)
        .credentialsProvider(() -> RunningServer.ADMIN).build()) {
      assertThatThrownBy(() -> elsewhere.listMeshes(r -> {}))
          .isInstanceOfSatisfying(AppMeshException.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("InvalidSignatureException"))
          .hasMessageContaining("Credential should be scoped to a valid region, not 'eu-west-1'; this server's region is 'us-west-2'");
    }
  }
}
