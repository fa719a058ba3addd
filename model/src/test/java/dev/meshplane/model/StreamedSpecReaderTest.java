package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.meshplane.model.appmesh.ResourceMetadata;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import org.junit.jupiter.api.Test;

/** The streamed reader takes only what it reads exactly as the tree does; anything else goes to the tree. */
class StreamedSpecReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The streamed result, or null when the reader declined the document. */
  private static Message streamed(String json, Message defaultInstance) {
    Message.Builder builder = defaultInstance.newBuilderForType();
    return StreamedSpecReader.read(JSON.getFactory(), json, builder) ? builder.build() : null;
  }

  private static Message tree(String json, Message defaultInstance) throws Exception {
    Message.Builder builder = defaultInstance.newBuilderForType();
    assertThat(ProtoJson.merge(JSON.readTree(json), builder, "")).isEmpty();
    return builder.build();
  }

  @Test
  void whatThisProcessWritesIsReadAsTheTreeReadsIt() throws Exception {
    VirtualNodeSpec spec = (VirtualNodeSpec) tree(ProtoJsonTest.NODE_SPEC, VirtualNodeSpec.getDefaultInstance());
    String written = ProtoJson.toJsonString(spec);
    assertThat(streamed(written, VirtualNodeSpec.getDefaultInstance())).isEqualTo(spec);
    assertThat(streamed(ProtoJsonTest.NODE_SPEC, VirtualNodeSpec.getDefaultInstance())).isEqualTo(spec);
    // Into a dynamic message too, as the API's stored-spec readers use it.
    Message dynamic = streamed(written, DynamicMessage.getDefaultInstance(VirtualNodeSpec.getDescriptor()));
    assertThat(VirtualNodeSpec.parseFrom(dynamic.toByteString())).isEqualTo(spec);

    ResourceMetadata metadata = ResourceMetadata.newBuilder().setCreatedAt(1732845678123L)
        .setLastUpdatedAt(1732845600500L).setVersion(7_000_000_000L).build();
    assertThat(streamed(ProtoJson.toJsonString(metadata), ResourceMetadata.getDefaultInstance())).isEqualTo(metadata);
    // Timestamps as the tree rounds them: whole seconds, and a fraction beyond milliseconds.
    String seconds = "{\"createdAt\":1732845678,\"lastUpdatedAt\":1732845678.0005}";
    assertThat(streamed(seconds, ResourceMetadata.getDefaultInstance()))
        .isEqualTo(tree(seconds, ResourceMetadata.getDefaultInstance()));
  }

  @Test
  void nullsAndRepeatedScalarMembersReadAsInTheTree() throws Exception {
    for (String json : new String[] {
        "{\"logging\":null,\"listeners\":null}",
        "{\"serviceDiscovery\":{\"dns\":{\"hostname\":\"a\"}},\"serviceDiscovery\":{\"dns\":{\"hostname\":\"b\"}}}",
        "{}"}) {
      assertThat(streamed(json, VirtualNodeSpec.getDefaultInstance()))
          .as(json).isEqualTo(tree(json, VirtualNodeSpec.getDefaultInstance()));
    }
  }

  @Test
  void whatItDoesNotReadAsTheTreeDoesItLeavesToTheTree() throws Exception {
    String[] accepted = {
        // a list given twice: the tree keeps the last
        "{\"backends\":[{\"virtualService\":{\"virtualServiceName\":\"a\"}}],"
            + "\"backends\":[{\"virtualService\":{\"virtualServiceName\":\"b\"}}]}",
        // a whole number written as a decimal
        "{\"listeners\":[{\"portMapping\":{\"port\":8080.0,\"protocol\":\"http\"}}]}"};
    for (String json : accepted) {
      assertThat(streamed(json, VirtualNodeSpec.getDefaultInstance())).as(json).isNull();
      assertThat(ProtoJson.parse(json, VirtualNodeSpec.getDefaultInstance()))
          .as(json).isEqualTo(tree(json, VirtualNodeSpec.getDefaultInstance()));
    }
    assertThat(ProtoJson.parse(accepted[0], VirtualNodeSpec.getDefaultInstance()).getBackends(0)
        .getVirtualService().getVirtualServiceName()).isEqualTo("b");

    String[] refused = {
        "{\"nope\":1}",
        "{\"logging\":3}",
        "{\"listeners\":[null]}",
        "{\"listeners\":[{\"portMapping\":{\"port\":4294967296}}]}",
        "{\"listeners\":[{\"portMapping\":{\"port\":\"8080\"}}]}",
        "[]",
        "{"};
    for (String json : refused) {
      assertThat(streamed(json, VirtualNodeSpec.getDefaultInstance())).as(json).isNull();
      assertThatThrownBy(() -> ProtoJson.parse(json, VirtualNodeSpec.getDefaultInstance()))
          .as(json).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(streamed("{\"version\":9223372036854775808}", ResourceMetadata.getDefaultInstance())).isNull();
    assertThat(streamed("{\"createdAt\":1e999999999}", ResourceMetadata.getDefaultInstance())).isNull();
    assertThatThrownBy(() -> ProtoJson.parse("{\"createdAt\":1e999999999}", ResourceMetadata.getDefaultInstance()))
        .hasMessageContaining("createdAt: must be a number of seconds since the epoch");
    assertThat(streamed("{\"httpRoute\":{\"match\":{\"prefix\":\"/\"}}} {}", RouteSpec.getDefaultInstance())).isNull();
  }
}
