package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.ManifestContents;
import dev.meshplane.manifests.ManifestFiles;
import dev.meshplane.manifests.cloudformation.TemplateOptions;
import dev.meshplane.model.ResourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;

/**
 * {@code meshplane apply} of the aws-app-mesh-examples CloudFormation templates and a cdk-synth-shaped
 * one against a running server; what the server then holds is read back through the AWS SDK and
 * compared with what the template declares. Also: a second apply changes nothing, export and apply
 * round trip, prune, and bad input (malformed files, dangling Ref, a refusal midway leaves nothing).
 */
class ApplyCloudFormationTest extends OneServerPerClass {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TEMPLATES = Path.of("src/test/resources/cloudformation");

  @TempDir Path work;

  record Walkthrough(String file, Map<String, String> parameters) {}

  private static final List<Walkthrough> WALKTHROUGHS = List.of(
      new Walkthrough("howto-grpc_mesh.yaml", Map.of("ProjectName", "cfn-grpc")),
      new Walkthrough("howto-grpc-ingress-gateway_mesh.yaml", Map.of("ProjectName", "cfn-grpc-ingress")),
      new Walkthrough("howto-http-retries_app.yaml", Map.of("ProjectName", "cfn-retries")),
      new Walkthrough("howto-outlier-detection_mesh_mesh.yaml", Map.of("ProjectName", "cfn-outlier")),
      new Walkthrough("howto-cross-account_primary-account_mesh.yaml", Map.of("ProjectName", "cfn-cross")),
      new Walkthrough("colorapp_servicemesh_appmesh-colorapp.yaml",
          Map.of("EnvironmentName", "demo", "ServicesDomain", "demo.local", "AppMeshMeshName", "cfn-colorapp")),
      new Walkthrough("howto-ecs-basics_deploy_3-routing.yaml", Map.of("ProjectName", "cfn-ecs-basics",
          "ColorServiceRegistry.Name", "color", "PublicLoadBalancer.DNSName", "front.example.com")),
      new Walkthrough("tls-with-acm_mesh_mesh.yaml", Map.of("MeshName", "cfn-tls-acm", "ServicesDomain", "tls.local",
          "CertificateAuthorityArn", "arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/0f0e0d0c-0b0a-0908-0706-050403020100",
          "CertificateArn", "arn:aws:acm:us-west-2:111122223333:certificate/01234567-89ab-cdef-0123-456789abcdef")),
      new Walkthrough("howto-timeout-policy_mesh_mesh.yaml", Map.of("MeshName", "cfn-timeouts", "ServicesDomain", "timeouts.local",
          "CertificateAuthorityArn", "arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/0f0e0d0c-0b0a-0908-0706-050403020100",
          "CertificateArn", "arn:aws:acm:us-west-2:111122223333:certificate/01234567-89ab-cdef-0123-456789abcdef")),
      new Walkthrough("cdk-synth-colorapp.json", Map.of()));

  private static String[] applyArgs(Walkthrough walkthrough, String... extra) {
    List<String> args = new ArrayList<>(List.of("apply", "-f", TEMPLATES.resolve(walkthrough.file()).toString()));
    walkthrough.parameters().forEach((k, v) -> args.add("--parameter=" + k + "=" + v));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void walkthroughTemplatesAreAppliedAndDescribedBackAsDeclared() {
    // the colorapp template's mesh is another stack's (examples/infrastructure/appmesh-mesh.yaml)
    MeshplaneCommand.Result noMesh = MeshplaneCommand.run(server, applyArgs(WALKTHROUGHS.get(5)));
    assertThat(noMesh.err()).contains("names mesh cfn-colorapp, which is neither declared in the files nor on the server");
    appMesh.createMesh(r -> r.meshName("cfn-colorapp"));
    for (Walkthrough walkthrough : WALKTHROUGHS) {
      MeshplaneCommand.Result applied = MeshplaneCommand.run(server, applyArgs(walkthrough));
      assertThat(applied.exitCode()).as(walkthrough.file() + ": " + applied.err()).isZero();

      ManifestContents contents = ManifestFiles.read(List.of(TEMPLATES.resolve(walkthrough.file())),
          new TemplateOptions(walkthrough.parameters(), RunningServer.REGION, RunningServer.ACCOUNT, null));
      List<DeclaredResource> declared = contents.resources();
      contents.skipped().forEach(line -> assertThat(applied.out()).contains("skipped " + line));
      assertThat(applied.out()).contains("Applied " + declared.size() + " change(s), 0 unchanged.");
      for (DeclaredResource resource : declared) {
        JsonNode described = described(resource);
        JsonNode expected = normalized(resource.spec());
        if (resource.kind() == ResourceKind.MESH && !expected.has("egressFilter")) {
          // App Mesh fills in the mesh's egress filter
          assertThat(described.at("/egressFilter/type").asText()).isEqualTo("DROP_ALL");
        } else {
          assertThat(described).as(walkthrough.file() + " " + resource.origin()).isEqualTo(expected);
        }
      }

      MeshplaneCommand.Result again = MeshplaneCommand.run(server, applyArgs(walkthrough));
      assertThat(again.exitCode()).isZero();
      assertThat(again.out()).contains("No changes: " + declared.size() + " resource(s) already as declared.");
    }
  }

  @Test
  void exportAppliedToAnEmptyMeshExportsTheSame() throws IOException {
    Walkthrough grpc = new Walkthrough("howto-grpc_mesh.yaml", Map.of("ProjectName", "export-src"));
    assertThat(MeshplaneCommand.run(server, applyArgs(grpc)).exitCode()).isZero();
    MeshplaneCommand.Result exported = MeshplaneCommand.run(server, "export", "--mesh", "export-src-mesh");
    assertThat(exported.exitCode()).as(exported.err()).isZero();

    Path copy = work.resolve("copy.json");
    Files.writeString(copy, exported.out().replace("\"export-src-mesh\"", "\"export-copy-mesh\""));
    MeshplaneCommand.Result applied = MeshplaneCommand.run(server, "apply", "-f", copy.toString());
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("Applied 6 change(s)");
    MeshplaneCommand.Result exportedCopy = MeshplaneCommand.run(server, "export", "--mesh", "export-copy-mesh");
    assertThat(exportedCopy.out()).isEqualTo(exported.out().replace("\"export-src-mesh\"", "\"export-copy-mesh\""));
    assertThat(MeshplaneCommand.run(server, "apply", "-f", copy.toString()).out()).contains("No changes: 6 resource(s)");
  }

  /**
   * Migrating a CLI script: the --cli-input-json files the aws CLI created the mesh from are
   * applied as they are, and find it already as declared; a file then edited is applied as an update.
   */
  @Test
  void cliScriptInputsApplyOverTheMeshTheAwsCliBuilt() throws IOException {
    CliAppMesh cli = new CliAppMesh(server.endpoint(), work);
    Path scripts = Files.createDirectories(work.resolve("script"));
    Path mesh = Files.writeString(scripts.resolve("1-mesh.json"), "{\"meshName\": \"cli-script\", \"spec\": {\"egressFilter\": {\"type\": \"ALLOW_ALL\"}}}");
    Path node = Files.writeString(scripts.resolve("2-node.json"), """
        {"meshName": "cli-script", "virtualNodeName": "web",
         "spec": {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}], "serviceDiscovery": {"dns": {"hostname": "web.local"}}},
         "tags": [{"key": "team", "value": "web"}]}""");
    cli.call("create-mesh", List.of("--cli-input-json", "file://" + mesh));
    cli.call("create-virtual-node", List.of("--cli-input-json", "file://" + node));

    MeshplaneCommand.Result applied = MeshplaneCommand.run(server, "apply", "-f", scripts.toString());
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("No changes: 2 resource(s) already as declared.");

    Files.writeString(node, Files.readString(node).replace("8080", "9090"));
    assertThat(MeshplaneCommand.run(server, "apply", "-f", scripts.toString()).out()).contains("updated virtualNode cli-script/web");
    assertThat(cli.call("describe-virtual-node", List.of("--mesh-name", "cli-script", "--virtual-node-name", "web"))
        .at("/virtualNode/spec/listeners/0/portMapping/port").asInt()).isEqualTo(9090);
  }

  @Test
  void pruneDeletesWhatTheFilesNoLongerDeclareAndDryRunWritesNothing() throws IOException {
    Path template = work.resolve("prune.yaml");
    String full = """
        Resources:
          Mesh: {Type: AWS::AppMesh::Mesh, Properties: {MeshName: prune-mesh}}
          Node: {Type: AWS::AppMesh::VirtualNode, Properties: {MeshName: !GetAtt Mesh.MeshName, VirtualNodeName: node,
                 Spec: {Listeners: [{PortMapping: {Port: 80, Protocol: http}}], ServiceDiscovery: {DNS: {Hostname: node.local}}}}}
          Router: {Type: AWS::AppMesh::VirtualRouter, Properties: {MeshName: !GetAtt Mesh.MeshName, VirtualRouterName: router,
                 Spec: {Listeners: [{PortMapping: {Port: 80, Protocol: http}}]}}}
          Route: {Type: AWS::AppMesh::Route, Properties: {MeshName: !GetAtt Mesh.MeshName, VirtualRouterName: !GetAtt Router.VirtualRouterName,
                 RouteName: route, Spec: {HttpRoute: {Match: {Prefix: /}, Action: {WeightedTargets: [{VirtualNode: !GetAtt Node.VirtualNodeName, Weight: 1}]}}}}}
        """;
    Files.writeString(template, full);
    assertThat(MeshplaneCommand.run(server, "apply", "-f", template.toString()).exitCode()).isZero();

    Files.writeString(template, full.substring(0, full.indexOf("  Router:")));
    MeshplaneCommand.Result dryRun = MeshplaneCommand.run(server, "apply", "-f", template.toString(), "--prune", "--dry-run");
    assertThat(dryRun.out()).contains("would delete route prune-mesh/router/route", "would delete virtualRouter prune-mesh/router");
    assertThat(appMesh.describeRoute(r -> r.meshName("prune-mesh").virtualRouterName("router").routeName("route")).route()).isNotNull();

    MeshplaneCommand.Result pruned = MeshplaneCommand.run(server, "apply", "-f", template.toString(), "--prune");
    assertThat(pruned.out()).containsSubsequence("deleted route prune-mesh/router/route", "deleted virtualRouter prune-mesh/router");
    assertThatThrownBy(() -> appMesh.describeVirtualRouter(r -> r.meshName("prune-mesh").virtualRouterName("router")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRefusalMidwayUndoesWhatWasAppliedAndNamesTheResourceAndField() throws IOException {
    Path template = work.resolve("refused.yaml");
    Files.writeString(template, """
        Resources:
          Mesh: {Type: AWS::AppMesh::Mesh, Properties: {MeshName: refused-mesh}}
          Node: {Type: AWS::AppMesh::VirtualNode, Properties: {MeshName: refused-mesh, VirtualNodeName: node,
                 Spec: {Listeners: [{PortMapping: {Port: 80, Protocol: http}}], ServiceDiscovery: {DNS: {Hostname: node.local}}}}}
          Router: {Type: AWS::AppMesh::VirtualRouter, DependsOn: Node, Properties: {MeshName: refused-mesh, VirtualRouterName: router,
                 Spec: {Listeners: [{PortMapping: {Port: 70000, Protocol: http}}]}}}
        """);
    MeshplaneCommand.Result refused = MeshplaneCommand.run(server, "apply", "-f", template.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains(template + "#Resources.Router: CreateVirtualRouter virtualRouter refused-mesh/router refused: BadRequestException")
        .contains("spec.listeners[0].portMapping.port")
        .contains("the 2 change(s) made before it were undone, nothing was applied");
    assertThatThrownBy(() -> appMesh.describeMesh(r -> r.meshName("refused-mesh"))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void badFilesAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path malformed = work.resolve("malformed.yaml");
    Files.writeString(malformed, "Resources:\n  Mesh: {Type: AWS::AppMesh::Mesh\n");
    MeshplaneCommand.Result result = MeshplaneCommand.run(server, "apply", "-f", malformed.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: " + malformed + " line ").contains("malformed YAML");

    Path dangling = work.resolve("dangling.yaml");
    Files.writeString(dangling, """
        Resources:
          Mesh: {Type: AWS::AppMesh::Mesh, Properties: {MeshName: dangling-mesh}}
          Node: {Type: AWS::AppMesh::VirtualNode, Properties: {MeshName: !Ref MeshNameParameter, VirtualNodeName: n}}
        """);
    result = MeshplaneCommand.run(server, "apply", "-f", dangling.toString());
    assertThat(result.err()).contains(dangling + "#Resources.Node Properties.MeshName.Ref: refers to MeshNameParameter");
    assertThatThrownBy(() -> appMesh.describeMesh(r -> r.meshName("dangling-mesh"))).isInstanceOf(NotFoundException.class);

    Path unknown = work.resolve("unknown.json");
    Files.writeString(unknown, "{\"Resources\": {\"W\": {\"Type\": \"AWS::AppMesh::VirtualWidget\", \"Properties\": {}}}}");
    result = MeshplaneCommand.run(server, "apply", "-f", unknown.toString());
    assertThat(result.err()).contains(unknown + "#Resources.W Type: unknown App Mesh resource type AWS::AppMesh::VirtualWidget");
  }

  private JsonNode described(DeclaredResource resource) {
    SdkPojo spec = switch (resource.kind()) {
      case MESH -> appMesh.describeMesh(r -> r.meshName(resource.meshName())).mesh().spec();
      case VIRTUAL_NODE -> appMesh.describeVirtualNode(r -> r.meshName(resource.meshName()).virtualNodeName(resource.name())).virtualNode().spec();
      case VIRTUAL_SERVICE -> appMesh.describeVirtualService(r -> r.meshName(resource.meshName()).virtualServiceName(resource.name())).virtualService().spec();
      case VIRTUAL_ROUTER -> appMesh.describeVirtualRouter(r -> r.meshName(resource.meshName()).virtualRouterName(resource.name())).virtualRouter().spec();
      case ROUTE -> appMesh.describeRoute(r -> r.meshName(resource.meshName()).virtualRouterName(resource.parentName()).routeName(resource.name())).route().spec();
      case VIRTUAL_GATEWAY -> appMesh.describeVirtualGateway(r -> r.meshName(resource.meshName()).virtualGatewayName(resource.name())).virtualGateway().spec();
      case GATEWAY_ROUTE -> appMesh.describeGatewayRoute(r -> r.meshName(resource.meshName()).virtualGatewayName(resource.parentName()).gatewayRouteName(resource.name())).gatewayRoute().spec();
    };
    return normalized(SdkJson.json(spec));
  }

  /** Numbers as JSON text reads them, so 8080 from YAML and 8080 from the SDK compare equal. */
  private static JsonNode normalized(JsonNode json) {
    try {
      return JSON.readTree(json.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
