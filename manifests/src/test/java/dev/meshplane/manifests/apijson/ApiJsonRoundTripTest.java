package dev.meshplane.manifests.apijson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.DocumentLoader;
import dev.meshplane.manifests.ManifestContents;
import dev.meshplane.model.ResourceKind;
import org.junit.jupiter.api.Test;

class ApiJsonRoundTripTest {
  @Test
  void cliInputJsonDescribeOutputAndExportDocumentsAreRead() {
    ManifestContents route = ApiJsonReader.read("r.json", DocumentLoader.parse("r.json", """
        {"meshName": "m", "virtualRouterName": "vr", "routeName": "r",
         "spec": {"httpRoute": {"match": {"prefix": "/"}, "action": {"weightedTargets": [{"virtualNode": "a", "weight": 1}]}}},
         "tags": [{"key": "k", "value": "v"}]}
        """).get(0));
    DeclaredResource read = route.resources().get(0);
    assertThat(read.kind()).isEqualTo(ResourceKind.ROUTE);
    assertThat(read.parentName()).isEqualTo("vr");
    assertThat(read.tags()).containsEntry("k", "v");

    ManifestContents described = ApiJsonReader.read("d.json", DocumentLoader.parse("d.json", """
        {"virtualNode": {"meshName": "m", "virtualNodeName": "n", "spec": {}, "metadata": {"version": 1}, "status": {"status": "ACTIVE"}}}
        """).get(0));
    assertThat(described.resources().get(0).kind()).isEqualTo(ResourceKind.VIRTUAL_NODE);

    String export = ApiJsonWriter.exportDocument(route.resources()).toString();
    ManifestContents again = ApiJsonReader.read("e.json", DocumentLoader.parse("e.json", export).get(0));
    assertThat(ApiJsonWriter.exportDocument(again.resources()).toString()).isEqualTo(export);
  }

  @Test
  void unknownMembersAndMissingNamesAreNamed() {
    assertThatThrownBy(() -> ApiJsonReader.read("x.json", DocumentLoader.parse("x.json", "{\"meshName\": \"m\", \"virtualNodeName\": \"n\", \"spek\": {}}").get(0)))
        .hasMessage("x.json spek: is not a member of CreateVirtualNodeInput");
    assertThatThrownBy(() -> ApiJsonReader.read("x.json", DocumentLoader.parse("x.json", "[{\"spec\": {}}]").get(0)))
        .hasMessageStartingWith("x.json#[0]: names no resource");
  }
}
