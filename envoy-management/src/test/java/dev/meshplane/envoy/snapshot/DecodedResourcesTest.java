package dev.meshplane.envoy.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodedResourcesTest {

  private static Any stored(String cluster) {
    // A fresh copy of the bytes each time, as each proxy's item is parsed on its own.
    return Any.pack(Cluster.newBuilder().setName(cluster).build()).toBuilder()
        .setValue(ByteString.copyFrom(Any.pack(Cluster.newBuilder().setName(cluster).build()).getValue().toByteArray()))
        .build();
  }

  @Test
  void equalStoredBytesAreDecodedOnceAndShareOneVersion() {
    DecodedResources decoded = new DecodedResources();
    VersionedResource<Cluster> first = decoded.decode(List.of(stored("a")), Cluster.class).get(0);
    VersionedResource<Cluster> again = decoded.decode(List.of(stored("a")), Cluster.class).get(0);
    VersionedResource<Cluster> other = decoded.decode(List.of(stored("b")), Cluster.class).get(0);

    assertThat(again).isSameAs(first);
    assertThat(first.resource().getName()).isEqualTo("a");
    assertThat(other.resource().getName()).isEqualTo("b");
    assertThat(other.version()).isNotEqualTo(first.version());
    // Another process (another cache) gives equal content the same version.
    assertThat(new DecodedResources().decode(List.of(stored("a")), Cluster.class).get(0).version())
        .isEqualTo(first.version())
        .isEqualTo(ResourceVersions.ofBytes(stored("a").getValue()));
  }

  @Test
  void theCacheIsBoundedByTheStoredBytesItKeeps() {
    DecodedResources decoded = new DecodedResources(64, new StoredResourceSerializer());
    VersionedResource<Cluster> first = decoded.decode(List.of(stored("first")), Cluster.class).get(0);
    for (int i = 0; i < 1_000; i++) {
      decoded.decode(List.of(stored("cluster-" + i)), Cluster.class);
    }
    // Evicted long since: decoded again, equal but not the same object.
    VersionedResource<Cluster> later = decoded.decode(List.of(stored("first")), Cluster.class).get(0);
    assertThat(later).isNotSameAs(first);
    assertThat(later.version()).isEqualTo(first.version());
  }

  @Test
  void bytesThatAreNotTheTypeAreRefused() {
    Any garbage = Any.newBuilder().setTypeUrl("type.googleapis.com/envoy.config.cluster.v3.Cluster")
        .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff})).build();
    assertThatThrownBy(() -> new DecodedResources().decode(List.of(garbage), Cluster.class))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
