package dev.meshplane.envoy.xds;

import dev.meshplane.envoy.node.NodeIdentity;
import dev.meshplane.envoy.node.ProxyAdmission;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.security.ProvenIdentity;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies the proxy on each stream's first request and refuses streams of unknown or
 * malformed node ids, or of a node the caller did not prove to be ({@link ProvenIdentity}), with a
 * gRPC error; then reports opens, closes, ACKs and NACKs.
 */
public final class ProxyStreamCallbacks implements DiscoveryServerCallbacks {
  /** App Mesh's default quota of connected Envoys per virtual node. */
  public static final int DEFAULT_STREAMS_PER_PROXY = 50;

  private static final Logger LOG = LoggerFactory.getLogger(ProxyStreamCallbacks.class);

  private final NodeIdentity identity;
  private final ProxyAdmission admission;
  private final StreamListener listener;
  private final int streamsPerProxy;
  private final ConcurrentMap<Long, ProxyTarget> streams = new ConcurrentHashMap<>();
  /** Admission slots taken, by proxy key; changed together with {@link #streams} under this object's lock. */
  private final Map<String, Integer> openPerProxy = new HashMap<>();
  /** Per delta stream: the version each response sent and not yet ACKed or NACKed carried, by nonce. */
  private final ConcurrentMap<Long, Map<String, String>> deltaVersions = new ConcurrentHashMap<>();

  public ProxyStreamCallbacks(
      NodeIdentity identity, ProxyAdmission admission, StreamListener listener, int streamsPerProxy) {
    this.identity = identity;
    this.admission = admission;
    this.listener = listener;
    this.streamsPerProxy = streamsPerProxy;
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    identify(streamId, request.getNode());
    if (request.getResponseNonce().isEmpty()) {
      return;
    }
    if (request.hasErrorDetail()) {
      listener.nacked(streamId, request.getTypeUrl(), request.getVersionInfo(), request.getErrorDetail().getMessage());
    } else {
      listener.acked(streamId, request.getTypeUrl(), request.getVersionInfo());
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) throws RequestException {
    identify(streamId, request.getNode());
    if (request.getResponseNonce().isEmpty()) {
      return;
    }
    // Delta requests carry no version; the nonce names the response acknowledged, whose version was recorded.
    String version = deltaVersion(streamId, request.getResponseNonce());
    if (request.hasErrorDetail()) {
      // The rejected version is not the one kept, which the request does not say: the manager keeps the last ACKed.
      listener.nacked(streamId, request.getTypeUrl(), "", request.getErrorDetail().getMessage());
    } else {
      listener.acked(streamId, request.getTypeUrl(), version);
    }
  }

  @Override
  public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    listener.sent(streamId, response.getTypeUrl(), response.getVersionInfo(), response.getSerializedSize());
  }

  @Override
  public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    listener.sent(streamId, response.getTypeUrl(), response.getSystemVersionInfo(), response.getSerializedSize());
    // Called before the response is sent, so the ACK always finds it; java-control-plane puts the
    // snapshot's version of the type in system_version_info.
    deltaVersions.computeIfAbsent(streamId, id -> new ConcurrentHashMap<>())
        .put(response.getNonce(), response.getSystemVersionInfo());
  }

  /** The version of the delta response {@code nonce} named, forgotten once answered; else the nonce itself. */
  private String deltaVersion(long streamId, String nonce) {
    Map<String, String> sent = deltaVersions.get(streamId);
    String version = sent == null ? null : sent.remove(nonce);
    return version == null || version.isEmpty() ? "nonce " + nonce : version;
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    forget(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    forget(streamId);
    // java-control-plane's own log of this is switched off (a stack trace per refused stream):
    // a refusal or a client's cancel is one line; anything else is a fault of ours and logged whole.
    Status status = Status.fromThrowable(error);
    if (status.getCode() == Status.Code.CANCELLED) {
      LOG.debug("xDS stream {} cancelled", streamId);
    } else if (error instanceof RequestException || error instanceof StatusException
        || error instanceof StatusRuntimeException) {
      LOG.info("xDS stream {} closed: {} {}", streamId, status.getCode(), status.getDescription());
    } else {
      LOG.error("xDS stream {} failed", streamId, error);
    }
  }

  private void identify(long streamId, Node node) throws RequestException {
    ProxyTarget known = streams.get(streamId);
    boolean nodeSent = !node.getId().isEmpty();
    if (known != null) {
      if (nodeSent && !target(node).equals(known)) {
        throw new RequestException(Status.INVALID_ARGUMENT.withDescription(
            "node changed within a stream: " + known + " then " + node.getId()));
      }
      return;
    }
    ProxyTarget target = target(node);
    // Before the store is even asked: a stream only gets the node its caller proved to be.
    Optional<Status> denial = ProvenIdentity.current().flatMap(identity -> identity.denial(target.proxy(), node.getId()));
    if (denial.isPresent()) {
      throw new RequestException(denial.get());
    }
    Optional<Status> refusal = admission.refusal(target);
    if (refusal.isPresent()) {
      throw new RequestException(refusal.get());
    }
    synchronized (this) {
      int open = openPerProxy.getOrDefault(target.key(), 0);
      if (open >= streamsPerProxy) {
        throw new RequestException(Status.RESOURCE_EXHAUSTED.withDescription(
            target.key() + " already has " + open + " streams, the most one proxy may open"));
      }
      openPerProxy.put(target.key(), open + 1);
      streams.put(streamId, target);
    }
    // However the call ends (java-control-plane does not report every end), the slot is released.
    StreamEnd.current().ifPresent(end -> end.onEnd(() -> forget(streamId)));
    listener.opened(streamId, target, node);
  }

  private ProxyTarget target(Node node) throws RequestException {
    try {
      return identity.identify(node);
    } catch (IllegalArgumentException e) {
      throw new RequestException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
  }

  private void forget(long streamId) {
    deltaVersions.remove(streamId);
    ProxyTarget target;
    synchronized (this) {
      target = streams.remove(streamId);
      if (target != null) {
        openPerProxy.computeIfPresent(target.key(), (key, open) -> open > 1 ? open - 1 : null);
      }
    }
    if (target != null) {
      listener.closed(streamId);
    }
  }

  /** Streams holding a slot now (what the streams gauge should read), for tests and status. */
  public int openStreams() {
    return streams.size();
  }
}
