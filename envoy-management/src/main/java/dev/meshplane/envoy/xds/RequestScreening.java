package dev.meshplane.envoy.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.cluster.v3.ClusterDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.endpoint.v3.EndpointDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.listener.v3.ListenerDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.route.v3.RouteDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.secret.v3.SecretDiscoveryServiceGrpc;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each discovery request in the form the rest of the server relies on, before
 * java-control-plane sees it:
 * <ul>
 *   <li>the node: only a stream's first request must name it (the xDS protocol; grpc-js and Envoy
 *       with {@code set_node_on_first_message_only} send it once), so later requests without one
 *       are given the stream's node;
 *   <li>the type URL: one this server serves ({@link ServedTypes}); any other closes the stream
 *       with INVALID_ARGUMENT naming it, instead of failing deep in the cache.
 * </ul>
 */
public final class RequestScreening implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(RequestScreening.class);
  private static final Map<String, String> TYPE_BY_SERVICE = Map.of(
      ListenerDiscoveryServiceGrpc.SERVICE_NAME, Resources.V3.LISTENER_TYPE_URL,
      RouteDiscoveryServiceGrpc.SERVICE_NAME, Resources.V3.ROUTE_TYPE_URL,
      ClusterDiscoveryServiceGrpc.SERVICE_NAME, Resources.V3.CLUSTER_TYPE_URL,
      EndpointDiscoveryServiceGrpc.SERVICE_NAME, Resources.V3.ENDPOINT_TYPE_URL,
      SecretDiscoveryServiceGrpc.SERVICE_NAME, Resources.V3.SECRET_TYPE_URL);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Optional<String> serviceType = Optional.ofNullable(TYPE_BY_SERVICE.get(call.getMethodDescriptor().getServiceName()));
    ClosingOnce<Q, R> guarded = new ClosingOnce<>(call);
    return new Screened<>(next.startCall(guarded, headers), guarded, serviceType);
  }

  /** The listener of one call: fills in the node, refuses unserved types. Calls arrive serialized. */
  private static final class Screened<Q> extends ServerCall.Listener<Q> {
    private final ServerCall.Listener<Q> delegate;
    private final ClosingOnce<Q, ?> call;
    private final Optional<String> serviceType;
    private Node node;
    private boolean refused;

    Screened(ServerCall.Listener<Q> delegate, ClosingOnce<Q, ?> call, Optional<String> serviceType) {
      this.delegate = delegate;
      this.call = call;
      this.serviceType = serviceType;
    }

    @Override
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      Object screened;
      String typeUrl;
      if (message instanceof DiscoveryRequest request) {
        typeUrl = request.getTypeUrl();
        screened = named(request.hasNode() ? request.getNode() : null)
            ? request : request.toBuilder().setNode(node).build();
      } else if (message instanceof DeltaDiscoveryRequest request) {
        typeUrl = request.getTypeUrl();
        screened = named(request.hasNode() ? request.getNode() : null)
            ? request : request.toBuilder().setNode(node).build();
      } else {
        delegate.onMessage(message);
        return;
      }
      Optional<Status> refusal = ServedTypes.refusal(typeUrl, serviceType);
      if (refusal.isPresent()) {
        refuse(refusal.get());
        return;
      }
      @SuppressWarnings("unchecked")
      Q forwarded = (Q) screened;
      delegate.onMessage(forwarded);
    }

    /** True when the request names its node (remembered as the stream's); false when it must be given it. */
    private boolean named(Node sent) {
      if (sent != null && !sent.getId().isEmpty()) {
        if (node == null) {
          node = sent;
        }
        return true;
      }
      // No node yet: the request goes on as it is, and is refused for naming none.
      return node == null;
    }

    private void refuse(Status status) {
      refused = true;
      LOG.info("xDS stream refused: {}", status.getDescription());
      call.close(status, new Metadata());
      // java-control-plane tears the stream down (watches, close callbacks) as for a client cancel;
      // what it then sends or closes is dropped by ClosingOnce.
      delegate.onCancel();
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        delegate.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      if (!refused) {
        delegate.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!refused) {
        delegate.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        delegate.onReady();
      }
    }
  }

  /** A call that takes the first close and drops whatever is sent or closed after it. */
  private static final class ClosingOnce<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private boolean closed;

    ClosingOnce(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }
  }
}
