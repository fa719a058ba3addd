package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AWS CLI replays the public aws-app-mesh-examples walkthroughs (one manifest per walkthrough
 * in {@code src/test/resources/walkthroughs/}) against one server: each create and update is
 * described back with the spec sent, version, ARN and status; then everything is listed and
 * deleted in reverse dependency order.
 */
class CliWalkthroughTest {
  /**
   * The walkthroughs the CLI replays (about 20 s each); {@link SdkWalkthroughTest} replays every
   * manifest through the SDK, deletes included.
   */
  private static final List<String> CLI_WALKTHROUGHS = List.of(
      "howto-circuit-breakers", "howto-grpc", "howto-http-retries", "howto-http2", "howto-ingress-gateway");
  private static final String ARN_PREFIX = "arn:aws:appmesh:" + RunningServer.REGION + ":" + RunningServer.ACCOUNT + ":";

  static Path scratch;
  static RunningServer server;
  static CliAppMesh cli;

  @BeforeAll
  static void start() throws IOException {
    scratch = Files.createTempDirectory("cli-walkthrough-");
    server = RunningServer.onSqlite(scratch.resolve("data"));
    cli = new CliAppMesh(server.endpoint(), scratch);
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (scratch != null) {
      try (Stream<Path> files = Files.walk(scratch)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Stream<String> walkthroughs() throws IOException {
    assertThat(WalkthroughManifest.names()).as("walkthrough manifests").containsAll(CLI_WALKTHROUGHS);
    return CLI_WALKTHROUGHS.stream();
  }

  /** The seven App Mesh kinds as the CLI names them, in the order they are deleted. */
  enum Kind {
    GATEWAY_ROUTE("gateway-route", "gatewayRoute", "gatewayRoutes", "VIRTUAL_GATEWAY"),
    VIRTUAL_GATEWAY("virtual-gateway", "virtualGateway", "virtualGateways", null),
    VIRTUAL_SERVICE("virtual-service", "virtualService", "virtualServices", null),
    ROUTE("route", "route", "routes", "VIRTUAL_ROUTER"),
    VIRTUAL_ROUTER("virtual-router", "virtualRouter", "virtualRouters", null),
    VIRTUAL_NODE("virtual-node", "virtualNode", "virtualNodes", null),
    MESH("mesh", "mesh", "meshes", null);

    final String cli;
    final String member;
    final String listMember;
    private final String parentName;

    Kind(String cli, String member, String listMember, String parentName) {
      this.cli = cli;
      this.member = member;
      this.listMember = listMember;
      this.parentName = parentName;
    }

    Optional<Kind> parent() {
      return Optional.ofNullable(parentName).map(Kind::valueOf);
    }

    String nameFlag() {
      return "--" + cli + "-name";
    }

    String nameMember() {
      return member + "Name";
    }

    static Kind ofCommand(String command) {
      String noun = command.substring(command.indexOf('-') + 1);
      for (Kind kind : values()) {
        if (kind.cli.equals(noun)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no App Mesh kind in command " + command);
    }
  }

  /** One resource the walkthrough made: its kind, mesh, parent (router or gateway) and name. */
  record Resource(Kind kind, String mesh, String parent, String name) {
    static Resource of(Kind kind, Map<String, String> names) {
      String mesh = names.get("--mesh-name");
      assertThat(mesh).as("--mesh-name of a " + kind.cli).isNotNull();
      String parent = kind.parent().map(p -> names.get(p.nameFlag())).orElse(null);
      if (kind.parent().isPresent()) {
        assertThat(parent).as(kind.parent().get().nameFlag() + " of a " + kind.cli).isNotNull();
      }
      String name = kind == Kind.MESH ? mesh : names.get(kind.nameFlag());
      assertThat(name).as(kind.nameFlag()).isNotNull();
      return new Resource(kind, mesh, parent, name);
    }

    String arn() {
      if (kind == Kind.MESH) {
        return ARN_PREFIX + "mesh/" + mesh;
      }
      String parentPart = kind.parent().map(p -> p.member + "/" + parent + "/").orElse("");
      return ARN_PREFIX + "mesh/" + mesh + "/" + parentPart + kind.member + "/" + name;
    }

    /** The flags that name this resource: --mesh-name, the parent's name, its own name. */
    List<String> nameArgs() {
      List<String> args = new ArrayList<>(List.of("--mesh-name", mesh));
      kind.parent().ifPresent(p -> args.addAll(List.of(p.nameFlag(), parent)));
      if (kind != Kind.MESH) {
        args.addAll(List.of(kind.nameFlag(), name));
      }
      return args;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("walkthroughs")
  void walkthroughRunsThroughTheCli(String walkthrough) throws IOException {
    JsonNode manifest = WalkthroughManifest.load(walkthrough);
    String mesh = manifest.get("mesh").asText();
    Map<Resource, Long> versions = new LinkedHashMap<>();

    for (JsonNode step : manifest.get("steps")) {
      String command = step.get("command").asText();
      String verb = command.substring(0, command.indexOf('-'));
      assertThat(verb).as("step " + command).isIn("create", "update");
      Kind kind = Kind.ofCommand(command);
      Map<String, String> names = WalkthroughManifest.names(step);
      Resource resource = Resource.of(kind, names);
      assertThat(resource.mesh()).as("mesh of step " + command).isEqualTo(mesh);

      List<String> args = new ArrayList<>();
      JsonNode sentSpec;
      if (step.has("file")) {
        String text = WalkthroughManifest.fileInput(step);
        JsonNode input = CliAppMesh.JSON.readTree(text);
        names.forEach((flag, value) -> {
          String member = WalkthroughManifest.camelCase(flag);
          if (input.has(member)) {
            assertThat(input.get(member).asText()).as(member + " in " + step.get("file").asText()).isEqualTo(value);
          } else {
            args.addAll(List.of(flag, value));
          }
        });
        Path inputFile = Files.createTempFile(scratch, walkthrough + "-", ".json");
        Files.writeString(inputFile, text, StandardCharsets.UTF_8);
        args.addAll(List.of("--cli-input-json", inputFile.toUri().toString()));
        sentSpec = input.has("spec") ? input.get("spec") : CliAppMesh.JSON.createObjectNode();
      } else {
        names.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        if (step.has("spec")) {
          args.addAll(List.of("--spec", CliAppMesh.JSON.writeValueAsString(step.get("spec"))));
          sentSpec = step.get("spec");
        } else {
          sentSpec = CliAppMesh.JSON.createObjectNode();
        }
      }
      JsonNode expectedSpec = WalkthroughManifest.withAppMeshDefaults(kind.cli, sentSpec);

      long expectedVersion;
      if (verb.equals("create")) {
        assertThat(versions).as("resource created twice: " + resource).doesNotContainKey(resource);
        expectedVersion = 1;
      } else {
        assertThat(versions).as("update of a resource the walkthrough did not create: " + resource).containsKey(resource);
        expectedVersion = versions.get(resource) + 1;
      }
      JsonNode written = cli.call(command, args);
      checkResource(command, written.get(kind.member), resource, expectedSpec, expectedVersion, "ACTIVE");
      JsonNode described = cli.call("describe-" + kind.cli, resource.nameArgs());
      checkResource("describe-" + kind.cli + " after " + command, described.get(kind.member), resource, expectedSpec,
          expectedVersion, "ACTIVE");
      versions.put(resource, expectedVersion);
    }

    checkListings(mesh, versions);

    List<Resource> deletionOrder = new ArrayList<>(versions.keySet());
    java.util.Collections.reverse(deletionOrder);
    deletionOrder.sort(Comparator.comparing(Resource::kind)); // stable: reverse creation order within a kind
    for (Resource resource : deletionOrder) {
      JsonNode deleted = cli.call("delete-" + resource.kind().cli, resource.nameArgs()).get(resource.kind().member);
      assertThat(deleted).as("delete-" + resource.kind().cli + " " + resource + " answer").isNotNull();
      assertThat(deleted.path(resource.kind().nameMember()).asText()).as("name in delete answer of " + resource)
          .isEqualTo(resource.name());
      assertThat(deleted.path("metadata").path("arn").asText()).as("arn in delete answer of " + resource)
          .isEqualTo(resource.arn());
      assertThat(deleted.path("status").path("status").asText()).as("status in delete answer of " + resource)
          .isEqualTo("DELETED");
    }
    assertThat(names(cli.call("list-meshes", List.of()).get("meshes"), "meshName")).doesNotContain(mesh);
    CliAppMesh.Result describeGone = cli.run("describe-mesh", List.of("--mesh-name", mesh));
    assertThat(describeGone.exitCode()).as("describe-mesh of the deleted mesh exits non-zero").isNotZero();
    assertThat(describeGone.stderr()).contains("NotFoundException");
  }

  /** Every kind listed with the CLI: exactly the walkthrough's names (the mesh among the meshes), at their last versions. */
  private static void checkListings(String mesh, Map<Resource, Long> versions) {
    JsonNode meshes = cli.call("list-meshes", List.of()).get("meshes");
    assertThat(names(meshes, "meshName")).contains(mesh);
    Map<String, List<String>> listed = new HashMap<>();
    Map<String, List<String>> expected = new HashMap<>();
    for (Resource resource : versions.keySet()) {
      if (resource.kind() == Kind.MESH) {
        continue;
      }
      expected.computeIfAbsent(listingKey(resource.kind(), resource.parent()), k -> new ArrayList<>()).add(resource.name());
    }
    for (Kind kind : Kind.values()) {
      if (kind == Kind.MESH) {
        continue;
      }
      List<String> parents = kind.parent()
          .map(p -> versions.keySet().stream().filter(r -> r.kind() == p).map(Resource::name).toList())
          .orElse(java.util.Collections.singletonList(null));
      for (String parent : parents) {
        List<String> args = new ArrayList<>(List.of("--mesh-name", mesh));
        kind.parent().ifPresent(p -> args.addAll(List.of(p.nameFlag(), parent)));
        JsonNode items = cli.call("list-" + kind.cli + "s", args).get(kind.listMember);
        assertThat(items).as("list-" + kind.cli + " " + args + " answer").isNotNull();
        for (JsonNode item : items) {
          String name = item.path(kind.nameMember()).asText();
          Resource resource = new Resource(kind, mesh, parent, name);
          assertThat(item.path("meshName").asText()).isEqualTo(mesh);
          assertThat(item.path("arn").asText()).as("arn of listed " + resource).isEqualTo(resource.arn());
          if (versions.containsKey(resource)) {
            assertThat(item.path("version").asLong()).as("version of listed " + resource).isEqualTo(versions.get(resource));
          }
        }
        listed.put(listingKey(kind, parent), names(items, kind.nameMember()));
      }
    }
    listed.values().removeIf(List::isEmpty);
    assertThat(listed).as("names listed per kind").isEqualTo(sorted(expected));
  }

  private static String listingKey(Kind kind, String parent) {
    return kind.cli + (parent == null ? "" : " of " + parent);
  }

  private static Map<String, List<String>> sorted(Map<String, List<String>> byKey) {
    Map<String, List<String>> result = new HashMap<>();
    byKey.forEach((k, v) -> result.put(k, v.stream().sorted().toList()));
    return result;
  }

  private static List<String> names(JsonNode items, String member) {
    return StreamSupport.stream(items.spliterator(), false).map(i -> i.path(member).asText()).sorted().toList();
  }

  private static void checkResource(
      String what, JsonNode data, Resource resource, JsonNode expectedSpec, long expectedVersion, String status) {
    assertThat(data).as(what + " answer has " + resource.kind().member).isNotNull();
    assertThat(data.path("meshName").asText()).as(what + ": meshName").isEqualTo(resource.mesh());
    if (resource.kind() != Kind.MESH) {
      assertThat(data.path(resource.kind().nameMember()).asText()).as(what + ": " + resource.kind().nameMember())
          .isEqualTo(resource.name());
    }
    resource.kind().parent().ifPresent(p -> assertThat(data.path(p.nameMember()).asText())
        .as(what + ": " + p.nameMember()).isEqualTo(resource.parent()));
    assertThat(data.get("spec")).as(what + ": spec of " + resource).isEqualTo(expectedSpec);
    JsonNode metadata = data.path("metadata");
    assertThat(metadata.path("arn").asText()).as(what + ": metadata.arn").isEqualTo(resource.arn());
    assertThat(metadata.path("version").isIntegralNumber()).as(what + ": metadata.version is a number").isTrue();
    assertThat(metadata.path("version").asLong()).as(what + ": metadata.version").isEqualTo(expectedVersion);
    assertThat(metadata.path("meshOwner").asText()).as(what + ": metadata.meshOwner").isEqualTo(RunningServer.ACCOUNT);
    assertThat(metadata.path("resourceOwner").asText()).as(what + ": metadata.resourceOwner").isEqualTo(RunningServer.ACCOUNT);
    assertThat(metadata.path("uid").asText()).as(what + ": metadata.uid").isNotBlank();
    assertThat(data.path("status").path("status").asText()).as(what + ": status.status").isEqualTo(status);
  }
}
