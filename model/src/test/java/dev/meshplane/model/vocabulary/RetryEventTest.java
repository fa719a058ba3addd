package dev.meshplane.model.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.GrpcRetryPolicy;
import dev.meshplane.model.appmesh.HttpRetryPolicy;
import dev.meshplane.model.options.Options;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which word is which retry event, in which list; and the model's enums agree with the vocabulary. */
class RetryEventTest {
  @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
  @CsvSource(nullValues = "none", value = {
      "HTTP, server-error, SERVER_ERROR",
      "HTTP, gateway-error, GATEWAY_ERROR",
      "HTTP, client-error, CLIENT_ERROR",
      "HTTP, stream-error, STREAM_ERROR",
      "TCP, connection-error, CONNECTION_ERROR",
      "GRPC, cancelled, CANCELLED",
      "GRPC, deadline-exceeded, DEADLINE_EXCEEDED",
      "GRPC, internal, INTERNAL",
      "GRPC, resource-exhausted, RESOURCE_EXHAUSTED",
      "GRPC, unavailable, UNAVAILABLE",
      // Envoy's own names and another list's events are not App Mesh HTTP events.
      "HTTP, 5xx, none",
      "HTTP, reset, none",
      "HTTP, unavailable, none",
      "HTTP, connection-error, none",
      "HTTP, Server-Error, none",
      "TCP, server-error, none",
      "GRPC, stream-error, none"})
  void parse(RetryEvent.Family family, String name, RetryEvent expected) {
    assertThat(RetryEvent.parse(family, name)).isEqualTo(Optional.ofNullable(expected));
  }

  /** The model constrains the gRPC and TCP lists itself; those constraints must be this vocabulary. */
  @Test
  void modelEnumsAreTheVocabulary() throws Exception {
    var grpc = GrpcRetryPolicy.getDescriptor();
    assertThat(grpc.findFieldByName("grpc_retry_events").getOptions().getExtension(Options.itemEnumValue))
        .containsExactlyElementsOf(RetryEvent.Family.GRPC.names());
    assertThat(grpc.findFieldByName("tcp_retry_events").getOptions().getExtension(Options.itemEnumValue))
        .containsExactlyElementsOf(RetryEvent.Family.TCP.names());
    assertThat(HttpRetryPolicy.getDescriptor().findFieldByName("tcp_retry_events").getOptions()
        .getExtension(Options.itemEnumValue)).containsExactlyElementsOf(RetryEvent.Family.TCP.names());
    assertThat(RetryEvent.Family.HTTP.names())
        .containsExactly("server-error", "gateway-error", "client-error", "stream-error");
  }
}
