package dev.meshplane.envoy.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredResourceSerializerTest {
  private static final String CLUSTER_TYPE = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

  /** A valid encoding protobuf would not write itself: the name twice, the last one counts. */
  private static ByteString nameTwice(String first, String last) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(Cluster.NAME_FIELD_NUMBER, first);
    out.writeString(Cluster.NAME_FIELD_NUMBER, last);
    out.flush();
    return ByteString.copyFrom(bytes.toByteArray());
  }

  @Test
  void aDecodedResourceIsSentAsTheBytesItWasDecodedFrom() throws IOException {
    StoredResourceSerializer serializer = new StoredResourceSerializer();
    DecodedResources decoded = new DecodedResources(DecodedResources.DEFAULT_MAX_BYTES, serializer);
    Any stored = Any.newBuilder().setTypeUrl(CLUSTER_TYPE).setValue(nameTwice("a", "b")).build();

    Cluster cluster = decoded.decode(List.of(stored), Cluster.class).get(0).resource();

    assertThat(cluster.getName()).isEqualTo("b");
    assertThat(serializer.serialize(cluster, Resources.ApiVersion.V3)).isEqualTo(stored);
    // Packing would have re-encoded it (what the serializer saves, once per response).
    assertThat(Any.pack(cluster)).isNotEqualTo(stored);
  }

  @Test
  void anEqualResourceFromElsewhereIsPackedAsUsual() throws IOException {
    StoredResourceSerializer serializer = new StoredResourceSerializer();
    DecodedResources decoded = new DecodedResources(DecodedResources.DEFAULT_MAX_BYTES, serializer);
    decoded.decode(List.of(Any.newBuilder().setTypeUrl(CLUSTER_TYPE).setValue(nameTwice("a", "b")).build()),
        Cluster.class);

    Cluster built = Cluster.newBuilder().setName("b").build();

    assertThat(serializer.serialize(built, Resources.ApiVersion.V3)).isEqualTo(Any.pack(built));
  }

  @Test
  void storedBytesUnderAnotherTypeUrlAreNotReused() throws IOException {
    StoredResourceSerializer serializer = new StoredResourceSerializer();
    DecodedResources decoded = new DecodedResources(DecodedResources.DEFAULT_MAX_BYTES, serializer);
    // Any.unpack accepts any prefix before the last '/', a response must name the usual one.
    Any stored = Any.newBuilder().setTypeUrl("example.com/envoy.config.cluster.v3.Cluster")
        .setValue(nameTwice("a", "b")).build();

    Cluster cluster = decoded.decode(List.of(stored), Cluster.class).get(0).resource();

    assertThat(serializer.serialize(cluster, Resources.ApiVersion.V3)).isEqualTo(Any.pack(cluster));
  }
}
