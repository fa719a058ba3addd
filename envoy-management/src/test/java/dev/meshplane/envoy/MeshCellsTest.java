package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.node.MeshAssignment;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cells: a management server assigned some meshes serves their proxies and refuses every other
 * mesh's, naming why, so a bad or hot mesh loads only its own servers.
 */
class MeshCellsTest {
  @TempDir Path dataDir;

  @ParameterizedTest(name = "{0} serves {1}: {2}")
  @CsvSource({
    "'',              any,        true",
    "'shop',          shop,       true",
    "'shop',          shopping,   false",
    "'team-a-*',      team-a-web, true",
    "'team-a-*',      team-b-web, false",
    "'shop,team-a-*', team-a-x,   true",
    "'shop,team-a-*', other,      false",
  })
  void anAssignmentServesTheMeshesItNames(String patterns, String mesh, boolean served) {
    List<String> list = patterns.isEmpty() ? List.of() : List.of(patterns.split(","));
    assertThat(MeshAssignment.of(list).serves(mesh)).isEqualTo(served);
  }

  @Test
  void aPatternWithAStarInsideIsRefused() {
    assertThatThrownBy(() -> MeshAssignment.of(List.of("team-*-web")))
        .hasMessageContaining("must be a mesh name or a prefix ending in *");
  }

  @Test
  void aServerOfOneCellRefusesTheProxiesOfAnotherAndServesItsOwn() throws Exception {
    try (SqliteConfigStore store = SqliteConfigStore.open(dataDir)) {
      for (String meshName : List.of("cell-a-shop", "cell-b-shop")) {
        new TestMesh(meshName).add(VIRTUAL_NODE, null, "web", TestMesh.httpNode("localhost")).store(store, 1);
      }
      try (EnvoyManagement cellA = ManagementFixture.builder(store).meshes(MeshAssignment.of(List.of("cell-a-*"))).start()) {
        try (AdsTestClient foreign = new AdsTestClient(cellA.xdsPort(),
            AdsTestClient.node("mesh/cell-b-shop/virtualNode/web", "envoy"))) {
          foreign.request(LISTENER_TYPE_URL, List.of(), "", "");
          Status status = Status.fromThrowable(foreign.closedWith());
          assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(status.getDescription())
              .isEqualTo("this management server serves meshes cell-a-*, not mesh cell-b-shop;"
                  + " point the proxy's xDS endpoint at the servers of its mesh's cell");
        }
        try (AdsTestClient own = new AdsTestClient(cellA.xdsPort(),
            AdsTestClient.node("mesh/cell-a-shop/virtualNode/web", "envoy"))) {
          own.request(LISTENER_TYPE_URL, List.of(), "", "");
          assertThat(own.nextWithin(Duration.ofSeconds(10))).isPresent();
        }
      }
    }
  }
}
