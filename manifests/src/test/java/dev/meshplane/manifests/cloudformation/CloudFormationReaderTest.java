package dev.meshplane.manifests.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.DocumentLoader;
import dev.meshplane.manifests.ManifestContents;
import dev.meshplane.manifests.ManifestException;
import dev.meshplane.model.ResourceKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationReaderTest {
  private static final TemplateOptions OPTIONS = new TemplateOptions(Map.of(), "us-west-2", "111122223333", "stack");

  private static ManifestContents read(String yaml, TemplateOptions options) {
    JsonNode template = DocumentLoader.parse("t.yaml", yaml).get(0);
    return CloudFormationReader.read("t.yaml", template, options);
  }

  private static DeclaredResource named(ManifestContents contents, String name) {
    return contents.resources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void shortFormsParametersRefsAndGetAttsBecomeNamesAndArns() {
    String yaml = """
        Parameters:
          Project: {Type: String, Default: demo}
          Port: {Type: Number, Default: "8080"}
        Resources:
          Service:
            Type: AWS::AppMesh::VirtualService
            DependsOn: [Router]
            Properties:
              MeshName: !GetAtt Mesh.MeshName
              VirtualServiceName: !Sub 'color.${Project}.local'
              Spec: {Provider: {VirtualRouter: {VirtualRouterName: !GetAtt [Router, VirtualRouterName]}}}
          Router:
            Type: AWS::AppMesh::VirtualRouter
            Properties:
              MeshName: !Ref Project
              VirtualRouterName: !Join ['-', [color, !Ref Project]]
              Spec: {Listeners: [{PortMapping: {Port: !Ref Port, Protocol: http}}]}
              Tags: [{Key: team, Value: !Sub '${AWS::Region}/${AWS::AccountId}'}]
          Mesh:
            Type: AWS::AppMesh::Mesh
            Properties:
              MeshName: !Ref Project
              Spec: {EgressFilter: {Type: ALLOW_ALL}}
          Gateway:
            Type: AWS::AppMesh::VirtualGateway
            Properties:
              MeshName: !Ref Project
              Spec:
                Listeners: [{PortMapping: {Port: 80, Protocol: http}}]
                BackendDefaults: {ClientPolicy: {TLS: {Validation: {Trust: {ACM: {CertificateAuthorityArns: [!Ref Mesh]}}}}}}
          Cluster:
            Type: AWS::ECS::Cluster
        """;
    ManifestContents contents = read(yaml, OPTIONS);

    assertThat(contents.resources()).extracting(DeclaredResource::kind).first().isEqualTo(ResourceKind.MESH);
    DeclaredResource router = named(contents, "color-demo");
    assertThat(router.spec().toString()).isEqualTo("{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}]}");
    assertThat(router.tags()).containsEntry("team", "us-west-2/111122223333");
    assertThat(named(contents, "color.demo.local").spec().toString())
        .isEqualTo("{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"color-demo\"}}}");
    assertThat(named(contents, "demo").spec().toString()).isEqualTo("{\"egressFilter\":{\"type\":\"ALLOW_ALL\"}}");
    DeclaredResource gateway = named(contents, "stack-Gateway");
    assertThat(gateway.spec().at("/backendDefaults/clientPolicy/tls/validation/trust/acm/certificateAuthorityArns/0").asText())
        .isEqualTo("arn:aws:appmesh:us-west-2:111122223333:mesh/demo");
    assertThat(gateway.origin()).isEqualTo("t.yaml#Resources.Gateway");
    assertThat(contents.skipped()).containsExactly("t.yaml#Resources.Cluster (AWS::ECS::Cluster): not an App Mesh resource");

    ManifestContents overridden = read(yaml, new TemplateOptions(Map.of("Project", "prod"), "us-west-2", "111122223333", "stack"));
    assertThat(overridden.resources()).extracting(DeclaredResource::meshName).containsOnly("prod");
  }

  @Test
  void errorsNameFileResourceAndFieldPath() {
    assertThatThrownBy(() -> read("""
        Resources:
          A: {Type: AWS::AppMesh::VirtualRouter, DependsOn: B, Properties: {MeshName: m}}
          B: {Type: AWS::AppMesh::VirtualRouter, Properties: {MeshName: !GetAtt A.MeshName}}
        """, OPTIONS))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("circular dependency: A -> B -> A");
    assertThatThrownBy(() -> read("""
        Resources:
          A: {Type: AWS::AppMesh::VirtualRouter, Properties: {MeshName: !Ref Nowhere}}
        """, OPTIONS))
        .hasMessage("t.yaml#Resources.A Properties.MeshName.Ref: refers to Nowhere, which is neither a parameter nor a resource of this template");
    assertThatThrownBy(() -> read("""
        Parameters: {Needed: {Type: String}}
        Resources:
          A: {Type: AWS::AppMesh::VirtualRouter, Properties: {MeshName: !Ref Needed}}
        """, OPTIONS))
        .hasMessageContaining("--parameter Needed=VALUE");
    assertThatThrownBy(() -> read("""
        Resources:
          A: {Type: AWS::AppMesh::VirtualWidget, Properties: {MeshName: m}}
        """, OPTIONS))
        .hasMessage("t.yaml#Resources.A Type: unknown App Mesh resource type AWS::AppMesh::VirtualWidget");
    assertThatThrownBy(() -> read("""
        Resources:
          A: {Type: AWS::AppMesh::VirtualNode, Properties: {MeshName: m, Spec: {Listeners: [{PortMaping: {Port: 80}}]}}}
        """, OPTIONS))
        .hasMessageStartingWith("t.yaml#Resources.A Properties.Spec.Listeners[0].PortMaping: is not a member of Listener");
    assertThatThrownBy(() -> DocumentLoader.parse("bad.yaml", "Resources:\n  A: {Type: [\n"))
        .hasMessageStartingWith("bad.yaml line ")
        .hasMessageContaining("malformed YAML");
    assertThatThrownBy(() -> DocumentLoader.parse("bad.json", "{\"Resources\": {"))
        .hasMessageStartingWith("bad.json line 1 column")
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void aSkippedResourcesValueMayBeGivenAsAParameter() {
    String yaml = """
        Resources:
          Registry: {Type: AWS::ServiceDiscovery::Service, Properties: {Name: color}}
          Node:
            Type: AWS::AppMesh::VirtualNode
            Properties:
              MeshName: m
              VirtualNodeName: n
              Spec: {ServiceDiscovery: {AWSCloudMap: {NamespaceName: ns, ServiceName: !GetAtt Registry.Name}}}
        """;
    assertThatThrownBy(() -> read(yaml, OPTIONS)).hasMessageContaining("--parameter Registry.<Attribute>=VALUE");
    ManifestContents contents = read(yaml, new TemplateOptions(Map.of("Registry.Name", "color"), "us-west-2", "111122223333", "s"));
    assertThat(contents.resources().get(0).spec().toString())
        .isEqualTo("{\"serviceDiscovery\":{\"awsCloudMap\":{\"namespaceName\":\"ns\",\"serviceName\":\"color\"}}}");
  }

  @Test
  void cdkSynthOutputIsReadWithItsLongFormFunctions() {
    String json = """
        {
          "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"}},
          "Resources": {
            "MeshB5BA7B5A": {"Type": "AWS::AppMesh::Mesh", "Properties": {"MeshName": "cdkmesh", "Spec": {}},
              "Metadata": {"aws:cdk:path": "Stack/Mesh/Resource"}},
            "NodeA1B2C3D4": {"Type": "AWS::AppMesh::VirtualNode",
              "Properties": {"MeshName": {"Fn::GetAtt": ["MeshB5BA7B5A", "MeshName"]}, "VirtualNodeName": "StackNode5E3C4F1A",
                "Spec": {"Listeners": [{"PortMapping": {"Port": 8080, "Protocol": "http"}}],
                         "ServiceDiscovery": {"DNS": {"Hostname": {"Fn::Join": ["", ["node.", {"Ref": "AWS::StackName"}, ".local"]]}}}}},
              "Metadata": {"aws:cdk:path": "Stack/Node/Resource"}},
            "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:H4sI"}, "Condition": "CDKMetadataAvailable"}
          },
          "Conditions": {"CDKMetadataAvailable": {"Fn::Or": [{"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}]}},
          "Rules": {"CheckBootstrapVersion": {"Assertions": [{"Assert": {"Fn::Not": [{"Fn::Contains": [["1"], {"Ref": "BootstrapVersion"}]}]}}]}}
        }
        """;
    ManifestContents contents = CloudFormationReader.read("cdk.out/Stack.template.json", DocumentLoader.parse("x.json", json).get(0), OPTIONS);
    assertThat(contents.resources()).hasSize(2);
    assertThat(contents.resources().get(1).meshName()).isEqualTo("cdkmesh");
    assertThat(contents.resources().get(1).spec().at("/serviceDiscovery/dns/hostname").asText()).isEqualTo("node.stack.local");
    assertThat(contents.skipped()).containsExactly("cdk.out/Stack.template.json#Resources.CDKMetadata (AWS::CDK::Metadata): not an App Mesh resource");
  }
}
