package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JournaledStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.LimitExceededException;

/**
 * App Mesh quotas set small through configuration, through the real AWS SDK: one resource past a
 * count quota, a spec past its list quota and a body past the size limit each get
 * {@code LimitExceededException}, and the store is unchanged by every one of them.
 */
class QuotaLimitsTest {
  @TempDir Path dataDir;

  @Test
  void requestsPastAQuotaAreRefusedAndChangeNothing() throws Exception {
    Map<String, Object> limits = Map.of(
        "meshplane.limits.virtual-nodes-per-mesh", 2,
        "meshplane.limits.backends-per-virtual-node", 1,
        "meshplane.limits.max-request-body-bytes", 4096);
    try (RunningServer server = RunningServer.onSqlite(dataDir, limits); AppMeshClient appMesh = server.client()) {
      JournaledStore store = server.bean(JournaledStore.class);
      appMesh.createMesh(r -> r.meshName("small"));
      int journal = store.journalAfter(0, 1000).size();

      assertThatThrownBy(() -> appMesh.createVirtualNode(r -> r.meshName("small").virtualNodeName("wide").spec(s -> s
              .backends(b -> b.virtualService(v -> v.virtualServiceName("a.local")),
                  b -> b.virtualService(v -> v.virtualServiceName("b.local"))))))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
          .hasMessageContaining("spec.backends: 2 backends, more than the limit of 1 backends per virtual node"
              + " (meshplane.limits.backends-per-virtual-node)");
      assertThat(store.journalAfter(0, 1000)).hasSize(journal);

      appMesh.createVirtualNode(r -> r.meshName("small").virtualNodeName("a").spec(s -> {}));
      appMesh.createVirtualNode(r -> r.meshName("small").virtualNodeName("b").spec(s -> {}));
      journal += 2;
      assertThatThrownBy(() -> appMesh.createVirtualNode(r -> r.meshName("small").virtualNodeName("c").spec(s -> {})))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
          .hasMessageContaining("Cannot create virtual node c: mesh small already has 2 virtual nodes, the limit of"
              + " virtual nodes per mesh, meshplane.limits.virtual-nodes-per-mesh; delete one or raise the limit");
      assertThat(store.journalAfter(0, 1000)).hasSize(journal);
      assertThat(store.get(ResourceId.of("small", ResourceKind.VIRTUAL_NODE, "c"))).isEmpty();
      assertThat(appMesh.listVirtualNodes(r -> r.meshName("small")).virtualNodes()).hasSize(2);

      // a quota counts what exists now: a delete makes room
      appMesh.deleteVirtualNode(r -> r.meshName("small").virtualNodeName("a"));
      appMesh.createVirtualNode(r -> r.meshName("small").virtualNodeName("c").spec(s -> {}));
      journal += 2;

      // a body over the size limit is refused by the server in the App Mesh error shape
      String bigTag = "x".repeat(250);
      StringBuilder body = new StringBuilder("{\"meshName\":\"big\",\"tags\":[");
      for (int i = 0; i < 20; i++) {
        body.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":\"").append(bigTag).append("\"}");
      }
      body.append("]}");
      HttpResponse<String> response =
          SignedHttp.sign("PUT", server.endpoint().resolve("/v20190125/meshes"), body.toString(), server.credentials()).send();
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("LimitExceededException");
      assertThat(new ObjectMapper().readTree(response.body()).path("message").asText())
          .startsWith("The request body is larger than 4096 bytes, the limit of meshplane.limits.max-request-body-bytes");
      assertThat(store.journalAfter(0, 1000)).hasSize(journal);
      assertThat(store.get(ResourceId.mesh("big"))).isEmpty();
    }
  }
}
