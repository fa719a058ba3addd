package dev.meshplane.envoy.status;

import com.google.protobuf.Timestamp;
import dev.meshplane.envoy.security.ProvenIdentity;
import io.envoyproxy.envoy.admin.v3.ClientResourceStatus;
import io.envoyproxy.envoy.admin.v3.UpdateFailureState;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.status.v3.ClientConfig;
import io.envoyproxy.envoy.service.status.v3.ClientStatusDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.status.v3.ClientStatusRequest;
import io.envoyproxy.envoy.service.status.v3.ClientStatusResponse;
import io.envoyproxy.envoy.service.status.v3.ConfigStatus;
import io.envoyproxy.envoy.type.matcher.v3.NodeMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.grpc.stub.StreamObserver;
import java.time.Instant;

/**
 * Envoy's Client Status Discovery Service over this server's streams: one {@code ClientConfig} per
 * open stream, one {@code GenericXdsConfig} per type URL (the version the client ACKed, SYNCED /
 * STALE / NOT_SENT / ERROR, and a NACK's detail). A caller sees only the nodes its proven
 * identity may stream ({@link ProvenIdentity}), as on ADS. Node matchers with an exact or prefix
 * node id are honoured.
 */
public final class ClientStatusService extends ClientStatusDiscoveryServiceGrpc.ClientStatusDiscoveryServiceImplBase {
  private final ProxyStatusBoard board;

  public ClientStatusService(ProxyStatusBoard board) {
    this.board = board;
  }

  @Override
  public void fetchClientStatus(ClientStatusRequest request, StreamObserver<ClientStatusResponse> response) {
    response.onNext(answer(request));
    response.onCompleted();
  }

  @Override
  public StreamObserver<ClientStatusRequest> streamClientStatus(StreamObserver<ClientStatusResponse> response) {
    return new StreamObserver<>() {
      @Override
      public void onNext(ClientStatusRequest request) {
        response.onNext(answer(request));
      }

      @Override
      public void onError(Throwable error) {
        // The client went away; nothing to clean up.
      }

      @Override
      public void onCompleted() {
        response.onCompleted();
      }
    };
  }

  private ClientStatusResponse answer(ClientStatusRequest request) {
    ProvenIdentity caller = ProvenIdentity.current().orElse(null);
    ClientStatusResponse.Builder answer = ClientStatusResponse.newBuilder();
    for (ConnectedStream stream : board.streams()) {
      boolean allowed = caller != null && caller.denial(stream.target().proxy(), stream.nodeId()).isEmpty();
      if (allowed && matches(request, stream.nodeId())) {
        answer.addConfig(config(stream));
      }
    }
    return answer.build();
  }

  private static boolean matches(ClientStatusRequest request, String nodeId) {
    if (request.getNodeMatchersCount() == 0) {
      return true;
    }
    for (NodeMatcher matcher : request.getNodeMatchersList()) {
      if (!matcher.hasNodeId() || matches(matcher.getNodeId(), nodeId)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(StringMatcher matcher, String value) {
    return switch (matcher.getMatchPatternCase()) {
      case EXACT -> matcher.getExact().equals(value);
      case PREFIX -> value.startsWith(matcher.getPrefix());
      case SUFFIX -> value.endsWith(matcher.getSuffix());
      case CONTAINS -> value.contains(matcher.getContains());
      default -> false;
    };
  }

  private static ClientConfig config(ConnectedStream stream) {
    ClientConfig.Builder config = ClientConfig.newBuilder()
        .setNode(Node.newBuilder().setId(stream.nodeId()).setUserAgentName(stream.clientVersion()));
    for (String typeUrl : StatusDocuments.TYPE_URLS) {
      TypeState state = stream.types().getOrDefault(typeUrl, TypeState.NONE);
      ClientConfig.GenericXdsConfig.Builder type = ClientConfig.GenericXdsConfig.newBuilder()
          .setTypeUrl(typeUrl)
          .setVersionInfo(state.ackedVersion().orElse(""))
          .setConfigStatus(switch (state.sync()) {
            case SYNCED -> ConfigStatus.SYNCED;
            case STALE -> ConfigStatus.STALE;
            case NACKED -> ConfigStatus.ERROR;
            case NOT_SENT -> ConfigStatus.NOT_SENT;
          })
          .setClientStatus(switch (state.sync()) {
            case SYNCED -> ClientResourceStatus.ACKED;
            case NACKED -> ClientResourceStatus.NACKED;
            case STALE -> ClientResourceStatus.REQUESTED;
            case NOT_SENT -> ClientResourceStatus.UNKNOWN;
          });
      state.sentAt().ifPresent(at -> type.setLastUpdated(timestamp(at)));
      state.nackError().ifPresent(error -> type.setErrorState(UpdateFailureState.newBuilder()
          .setDetails(error).setVersionInfo(state.sentVersion().orElse(""))));
      config.addGenericXdsConfigs(type);
    }
    return config.build();
  }

  private static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}
