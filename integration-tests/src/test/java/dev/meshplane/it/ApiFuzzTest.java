package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.meshplane.frontend.http.Operation;
import dev.meshplane.frontend.http.OperationCatalog;
import dev.meshplane.model.options.Options;
import dev.meshplane.store.JournalEntry;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model-driven fuzzer of the REST API against the running server. Requests for all 38
 * operations are generated from the App Mesh model (the generated proto and its constraint
 * options), signed with the AWS SDK's SigV4 signer so they get past authentication to binding and
 * validation, and broken one way each: wrong JSON types, missing and extra members, lengths,
 * ranges and enums out of bounds, huge, unicode and lone-surrogate strings, deep nesting, forged
 * nextToken and bad limits, compressed or non-UTF-8 or non-JSON bodies, oversize bodies, hostile
 * names in the path. Fixed seed, bounded budget. Every answer must be below 500 and in the App
 * Mesh shape, and every refusal must leave the journal where it was.
 */
class ApiFuzzTest {
  /** Fixed; another seed or a larger budget for a longer hunt: -Dmeshplane.fuzz.seed=... -Dmeshplane.fuzz.budget=... */
  private static final long SEED = Long.getLong("meshplane.fuzz.seed", 0x5EED_2019_0125L);
  private static final int BUDGET = Integer.getInteger("meshplane.fuzz.budget", 3000);
  private static final long TIME_LIMIT_MILLIS = Long.getLong("meshplane.fuzz.millis", 60_000);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
  private static final Map<String, String> FIXTURE_NAMES = Map.of(
      "meshName", "m", "virtualNodeName", "web", "virtualRouterName", "r", "routeName", "rt",
      "virtualServiceName", "svc.local", "virtualGatewayName", "gw", "gatewayRouteName", "gr");

  enum Breakage {
    NONE, EXTRA_MEMBER, DROP_MEMBER, DEEP_NESTING, BAD_TOKEN, BAD_LIMIT, NOT_JSON, NOT_UTF8, CONTENT_ENCODING,
    OVERSIZE, HOSTILE_PATH, UNKNOWN_QUERY, CONTENT_TYPE, BODY_ON_READ, HOSTILE_STRING, LONE_SURROGATE, HUGE_STRING
  }

  /** One generated request, described for the failure report. */
  record Fuzzed(String operation, Breakage breakage, String method, String target, byte[] body, Map<String, String> headers) {
    String describe() {
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return operation + " / " + breakage + ": " + method + " " + abbreviate(target) + " " + abbreviate(text) + " " + headers;
    }
  }

  @TempDir Path dataDir;

  private final Random random = new Random(SEED);
  private final FuzzValues values = new FuzzValues(random, 0.04, FIXTURE_NAMES);
  private final FuzzValues validValues = values.valid();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void onSqliteNoRequestGetsA5xxOrAnAnswerOutsideTheAppMeshShapeOrChangesTheStoreWhenRefused() throws Exception {
    fuzz(RunningServer.onSqlite(dataDir), BUDGET);
  }

  /** A shorter run on PostgreSQL, which refuses some text SQLite stores (a NUL character). */
  @Test
  void onPostgresNoRequestGetsA5xxOrAnAnswerOutsideTheAppMeshShapeOrChangesTheStoreWhenRefused() throws Exception {
    fuzz(RunningServer.onPostgres(PostgresFixture.database(), PostgresFixture.USER, PostgresFixture.PASSWORD, dataDir),
        BUDGET / 3);
  }

  private void fuzz(RunningServer running, int budget) throws Exception {
    try (RunningServer server = running) {
      String nodeArn = seed(server);
      JournaledStore store = server.bean(JournaledStore.class);
      List<Operation> operations = new OperationCatalog().all();
      assertThat(operations).hasSize(38);
      List<String> failures = new ArrayList<>();
      Map<String, Integer> statuses = new TreeMap<>();
      Map<String, Integer> perOperation = new TreeMap<>();
      long head = head(store, 0);
      long started = System.currentTimeMillis();
      int sent = 0;
      while (sent < budget && System.currentTimeMillis() - started < TIME_LIMIT_MILLIS) {
        Operation operation = operations.get(sent % operations.size());
        Breakage breakage = Breakage.values()[random.nextInt(Breakage.values().length)];
        Fuzzed request = generate(operation, breakage, nodeArn);
        sent++;
        perOperation.merge(operation.name(), 1, Integer::sum);
        HttpResponse<byte[]> response;
        try {
          response = send(server, request);
        } catch (java.io.IOException e) {
          failures.add("no answer (" + e + ") to " + request.describe());
          continue;
        }
        statuses.merge(Integer.toString(response.statusCode()), 1, Integer::sum);
        String problem = shapeProblem(response);
        if (problem != null) {
          failures.add(problem + " for " + request.describe());
        }
        long now = head(store, head);
        if (response.statusCode() >= 400 && now != head) {
          failures.add("journal moved from " + head + " to " + now + " on a refusal for " + request.describe());
        }
        head = now;
      }
      System.out.printf("API fuzz: %d requests in %d ms, statuses %s%n", sent, System.currentTimeMillis() - started, statuses);
      assertThat(failures).as("fuzz failures (seed %x)", SEED).isEmpty();
      assertThat(sent).as("requests within the time limit").isGreaterThanOrEqualTo(budget / 3);
      assertThat(perOperation).as("every operation fuzzed").hasSize(38);
      assertThat(statuses.keySet()).as("the fuzz reaches success, validation, not found").contains("200", "400", "404");
    }
  }

  /** A mesh with one resource of every kind, so that requests also reach existing resources. */
  private static String seed(RunningServer server) {
    try (var appMesh = server.client()) {
      appMesh.createMesh(r -> r.meshName("m"));
      String arn = appMesh.createVirtualNode(r -> r.meshName("m").virtualNodeName("web").spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("web.local"))))).virtualNode().metadata().arn();
      appMesh.createVirtualRouter(r -> r.meshName("m").virtualRouterName("r")
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
      appMesh.createRoute(r -> r.meshName("m").virtualRouterName("r").routeName("rt").spec(s -> s.httpRoute(h -> h
          .match(m -> m.prefix("/")).action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1))))));
      appMesh.createVirtualService(r -> r.meshName("m").virtualServiceName("svc.local")
          .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("r")))));
      appMesh.createVirtualGateway(r -> r.meshName("m").virtualGatewayName("gw")
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8443).protocol("http")))));
      appMesh.createGatewayRoute(r -> r.meshName("m").virtualGatewayName("gw").gatewayRouteName("gr").spec(s -> s
          .httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.target(t -> t.virtualService(v -> v.virtualServiceName("svc.local")))))));
      return arn;
    }
  }

  private Fuzzed generate(Operation operation, Breakage breakage, String nodeArn) throws Exception {
    String target = path(operation, breakage) + query(operation, breakage, nodeArn);
    boolean hasBody = operation.httpMethod().equals("PUT") || breakage == Breakage.BODY_ON_READ;
    String bodyText = null;
    if (hasBody) {
      ObjectNode body = (breakage == Breakage.NONE ? validValues : values).message(operation.input(), 0);
      breakTree(body, breakage);
      bodyText = JSON.writeValueAsString(body).replace(FuzzValues.LONE_SURROGATE, "\\ud800");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] bytes = bodyText == null ? null : bodyText.getBytes(StandardCharsets.UTF_8);
    switch (breakage) {
      case NOT_JSON -> bytes = pick("{\"meshName\":", "[]", "null", "\"text\"", "1", "{\"a\":1,}", "\uFEFF{}", "{}{}", "<xml/>",
          "{\"spec\":" + "[".repeat(5000)).getBytes(StandardCharsets.UTF_8);
      case NOT_UTF8 -> bytes = new byte[] {'{', '"', 't', 'a', 'g', 's', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};
      case CONTENT_ENCODING -> {
        headers.put("Content-Encoding", pick("gzip", "br", "deflate", "identity, gzip"));
        if (bytes != null && random.nextBoolean()) {
          bytes = gzip(bytes);
        }
      }
      case OVERSIZE -> bytes = ("{\"spec\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}").getBytes(StandardCharsets.UTF_8);
      case CONTENT_TYPE -> headers.put("Content-Type", pick("text/plain", "application/x-amz-json-1.1", "multipart/form-data",
          "application/json; charset=latin1", "*/*"));
      default -> { }
    }
    return new Fuzzed(operation.name(), breakage, operation.httpMethod(), target, bytes, headers);
  }

  /** The operation's path with names of the seeded resources, or hostile ones. */
  private String path(Operation operation, Breakage breakage) {
    Matcher variables = VARIABLE.matcher(operation.uri().toString());
    StringBuilder path = new StringBuilder();
    while (variables.find()) {
      String name = FIXTURE_NAMES.getOrDefault(variables.group(1), "x");
      if (breakage == Breakage.HOSTILE_PATH && random.nextBoolean()) {
        name = pick("é", "😀", "a/b", "a%2Fb", "..", ".", "x".repeat(256), "\u0000", "a b", "a+b", "\ud800",
            "ü".repeat(255));
      } else if (random.nextInt(8) == 0) {
        name = values.alphanumeric(1 + random.nextInt(20));
      }
      variables.appendReplacement(path, Matcher.quoteReplacement(encodePathSegment(name)));
    }
    variables.appendTail(path);
    return path.toString();
  }

  /**
   * A segment as the SDK sends it: UTF-8, percent-encoded but for unreserved characters; a lone
   * surrogate as its (invalid) 3 bytes. Malformed escapes ({@code %zz}) are RequestRefusalsTest's:
   * no URI can hold them.
   */
  private static String encodePathSegment(String name) {
    if (name.contains("%2F")) {
      return name; // sent as given: an encoded slash
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1)))) {
        out.append("%ED%A0%80");
        continue;
      }
      int end = Character.isHighSurrogate(c) ? i + 2 : i + 1;
      for (byte b : name.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        char a = (char) (b & 0xff);
        if ((a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') || "-_.~".indexOf(a) >= 0 || a == '/') {
          out.append(a);
        } else {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      }
      i = end - 1;
    }
    return out.toString();
  }

  private String query(Operation operation, Breakage breakage, String nodeArn) {
    List<String> parameters = new ArrayList<>();
    for (FieldDescriptor field : operation.input().getFields()) {
      if (!field.getOptions().getExtension(Options.location).equals("querystring")) {
        continue;
      }
      String name = field.getOptions().getExtension(Options.locationName);
      boolean required = field.getOptions().getExtension(Options.required);
      if (!(required ? random.nextInt(20) > 0 : random.nextInt(3) == 0) && !(breakage == Breakage.BAD_TOKEN && name.equals("nextToken"))
          && !(breakage == Breakage.BAD_LIMIT && name.equals("limit"))) {
        continue;
      }
      String value = switch (name) {
        case "resourceArn" -> random.nextInt(4) > 0 ? nodeArn : pick("arn:aws:appmesh:eu-west-1:111122223333:mesh/m", "nope",
            "arn:aws:appmesh:us-west-2:111122223333:mesh/m/virtualNode/missing", "");
        case "nextToken" -> breakage == Breakage.BAD_TOKEN && operation.name().equals("ListTagsForResource") && random.nextBoolean()
            ? forgedTagToken(nodeArn, pick("-5", "2147483647", "2147483600"))
            : breakage == Breakage.BAD_TOKEN ? pick("", "x", "x.y", ".", "a".repeat(5000), "LTU", "AAAA.AAAA",
            "dGFncy9hcm4KLTU", "bWVzaC9udWxsL251bGwKYQ", "é", "%", forgedTagToken(nodeArn, "-5"),
            forgedTagToken(nodeArn, "2147483647")) : "x";
        case "limit" -> breakage == Breakage.BAD_LIMIT ? pick("-1", "0", "101", "51", "abc", "99999999999", "1e3", "", " 5",
            "2147483648", "1.5") : Long.toString(values.number(field));
        case "meshOwner" -> pick("111122223333", "111122223333", "111122223333", "444455556666", "x", "");
        default -> values.string(field);
      };
      parameters.add(name + "=" + encodeQueryValue(value.replace(FuzzValues.LONE_SURROGATE, "x")));
    }
    if (breakage == Breakage.UNKNOWN_QUERY) {
      parameters.add(pick("foo=bar", "limit=1&limit=2", "nextToken", "=x", "x-amz-meta=1"));
    }
    return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
  }

  /** What an unsigned token of the tag listing used to be: its scope and offset, base64url. */
  private static String forgedTagToken(String arn, String offset) {
    return java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("tags/" + arn + "\n" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static String encodeQueryValue(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Breaks the generated body tree in place, per the request's breakage. */
  private void breakTree(ObjectNode body, Breakage breakage) {
    ObjectNode object = randomObject(body);
    switch (breakage) {
      case EXTRA_MEMBER -> object.put(pick("zzUnknown", "meshName", "limit", "nextToken", "resourceArn", "__proto__", "spec"),
          random.nextBoolean() ? "x" : "1");
      case DROP_MEMBER -> {
        Iterator<String> names = object.fieldNames();
        if (names.hasNext()) {
          object.remove(names.next());
        }
      }
      case DEEP_NESTING -> {
        int depth = random.nextBoolean() ? 800 : 3000;
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        try {
          object.set("spec", JSON.readTree(open.repeat(Math.min(depth, 900)) + "1" + close.repeat(Math.min(depth, 900))));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      case HOSTILE_STRING, LONE_SURROGATE, HUGE_STRING -> {
        List<ObjectNode> withText = new ArrayList<>();
        collectObjects(body, withText);
        withText.removeIf(o -> !o.fields().hasNext());
        if (withText.isEmpty()) {
          withText.add(body);
        }
        ObjectNode target = withText.get(random.nextInt(withText.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? "meshName" : names.get(random.nextInt(names.size()));
        String value = switch (breakage) {
          case LONE_SURROGATE -> pick(FuzzValues.LONE_SURROGATE, "a" + FuzzValues.LONE_SURROGATE, FuzzValues.LONE_SURROGATE + ".local");
          case HUGE_STRING -> "é".repeat(random.nextInt(200_000) + 256);
          default -> pick("\u0000", "a\u0000b", "😀", "日本語.local", "\u202Eevil", "a b", "\t", "\n");
        };
        target.put(name, value);
      }
      default -> { }
    }
  }

  private ObjectNode randomObject(ObjectNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    collectObjects(root, objects);
    return objects.get(random.nextInt(objects.size()));
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> into) {
    if (node instanceof ObjectNode object) {
      into.add(object);
    }
    node.forEach(child -> collectObjects(child, into));
  }

  private HttpResponse<byte[]> send(RunningServer server, Fuzzed request) throws Exception {
    URI uri = URI.create(server.endpoint() + request.target());
    var signed = SignedHttp.signBytes(request.method(), uri, request.body(), request.headers(), server.credentials(),
        RunningServer.REGION, Clock.systemUTC());
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(request.method(), request.body() == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    signed.headers().forEach((name, headerValues) -> {
      if (!List.of("host", "content-length").contains(name.toLowerCase())) {
        headerValues.forEach(v -> builder.header(name, v));
      }
    });
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** What is wrong with an answer's shape, or null. */
  private static String shapeProblem(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String body = new String(response.body(), StandardCharsets.UTF_8);
    if (status >= 500) {
      return "status " + status + " " + abbreviate(body);
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (Exception e) {
      return "a body that is not JSON (" + status + "): " + abbreviate(body);
    }
    if (json == null || !json.isObject()) {
      return "a body that is not a JSON object (" + status + "): " + abbreviate(body);
    }
    if (status >= 300) {
      if (response.headers().firstValue("x-amzn-ErrorType").isEmpty()) {
        return "no x-amzn-ErrorType on " + status + ": " + abbreviate(body);
      }
      if (!json.path("message").isTextual() || json.path("message").asText().isBlank() || json.size() != 1) {
        return "an error body other than {\"message\": ...} (" + status + "): " + abbreviate(body);
      }
    }
    return null;
  }

  private static long head(JournaledStore store, long from) {
    List<JournalEntry> entries = store.journalAfter(from, 10_000);
    return entries.isEmpty() ? from : entries.get(entries.size() - 1).seq();
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
  }
}
