package dev.meshplane.transformer.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A golden scenario's {@code input.json}: the mesh name, the App Mesh resources (kind, name,
 * parent for routes and gateway routes, spec as the API accepts it) and the virtual nodes whose
 * proxyless gRPC variant is also expected.
 */
record GoldenScenario(String name, MeshSnapshot snapshot, Set<String> proxyless) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static GoldenScenario load(Path dir) throws IOException {
    JsonNode input = MAPPER.readTree(Files.readString(dir.resolve("input.json")));
    return of(dir.getFileName().toString(), input);
  }

  static GoldenScenario of(String name, JsonNode input) {
    String mesh = input.path("mesh").asText("m");
    List<StoredResource> resources = new ArrayList<>();
    for (JsonNode r : input.path("resources")) {
      ResourceKind kind = ResourceKind.fromApiName(r.path("kind").asText())
          .orElseThrow(() -> new IllegalArgumentException("unknown kind " + r.path("kind")));
      String resourceName = kind == ResourceKind.MESH ? mesh : r.path("name").asText();
      String parent = r.hasNonNull("parent") ? r.path("parent").asText() : null;
      resources.add(stored(new ResourceId(mesh, kind, parent, resourceName), r.path("spec").toString()));
    }
    Set<String> proxyless = new java.util.TreeSet<>();
    input.path("proxyless").forEach(n -> proxyless.add(n.asText()));
    return new GoldenScenario(name, new MeshSnapshot(mesh, 1, Instant.EPOCH, 1, resources), proxyless);
  }

  static StoredResource stored(ResourceId id, String specJson) {
    Instant t = Instant.EPOCH;
    return new StoredResource(id, "uid-" + id.key(), 1, t, t, specJson, List.of(), Set.of(), null,
        "111122223333", "111122223333");
  }
}
