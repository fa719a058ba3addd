package dev.meshplane.envoy.bench;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One benchmark proxy: a single ADS stream (state-of-the-world or delta) that subscribes like
 * Envoy (CDS and LDS wildcard, then the EDS and RDS names they point at) and ACKs every response
 * on the gRPC thread that delivered it. It keeps only counters, and the config only when asked
 * ({@link #keepResponses}: the latest state-of-the-world response of each type, to feed another
 * server the same snapshot). Public for the benchmarks of other modules.
 */
public final class BenchProxy {
  private static final List<String> TYPES = List.of(CLUSTER_TYPE_URL, ENDPOINT_TYPE_URL, LISTENER_TYPE_URL, ROUTE_TYPE_URL);

  private final Channel channel;
  private final Node node;
  private final boolean delta;
  private StreamObserver<DiscoveryRequest> sotw;
  private StreamObserver<DeltaDiscoveryRequest> deltaStream;
  private Set<String> edsNames = Set.of();
  private Set<String> rdsNames = Set.of();
  private final String[] lastVersion = {"", "", "", ""};
  private final String[] lastNonce = {"", "", "", ""};
  private int ackedTypes;
  private boolean keep;
  private final DiscoveryResponse[] kept = new DiscoveryResponse[4];

  // Read by the main thread while the gRPC thread writes them: volatile, single writer.
  public volatile long lastResponseNanos;
  public volatile int responses;
  public volatile long bytes;
  final long[] responsesByType = new long[4];
  public volatile Throwable error;

  public BenchProxy(Channel channel, String nodeId, boolean delta) {
    this.channel = channel;
    this.node = Node.newBuilder().setId(nodeId).setUserAgentName("envoy").build();
    this.delta = delta;
  }

  /** Plaintext channels to an xDS port that a fleet's streams share (callbacks on the gRPC thread). */
  public static List<io.grpc.ManagedChannel> channels(int port, int count) {
    List<io.grpc.ManagedChannel> pool = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      pool.add(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
          .directExecutor().maxInboundMessageSize(64 << 20).build());
    }
    return pool;
  }

  /** Keeps the latest state-of-the-world response of each type (see {@link #latest}). */
  public synchronized BenchProxy keepResponses() {
    keep = true;
    return this;
  }

  /** The latest response of the type URL, when kept. */
  public synchronized DiscoveryResponse latest(String typeUrl) {
    return kept[TYPES.indexOf(typeUrl)];
  }

  public synchronized void start() {
    if (delta) {
      deltaStream = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(new Observer<>() {
        @Override
        public void onNext(DeltaDiscoveryResponse response) {
          onDelta(response);
        }
      });
      subscribeDelta(CLUSTER_TYPE_URL, List.of(), true);
      subscribeDelta(LISTENER_TYPE_URL, List.of(), true);
    } else {
      sotw = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new Observer<>() {
        @Override
        public void onNext(DiscoveryResponse response) {
          onSotw(response);
        }
      });
      requestSotw(CLUSTER_TYPE_URL, List.of());
      requestSotw(LISTENER_TYPE_URL, List.of());
    }
  }

  public synchronized void mark() {
    responses = 0;
    bytes = 0;
    lastResponseNanos = 0;
    java.util.Arrays.fill(responsesByType, 0);
  }

  public boolean complete() {
    return ackedTypes == 0b1111;
  }

  private synchronized void onSotw(DiscoveryResponse response) {
    int type = count(response.getTypeUrl(), response.getSerializedSize());
    lastVersion[type] = response.getVersionInfo();
    lastNonce[type] = response.getNonce();
    if (keep) {
      kept[type] = response;
    }
    switch (type) {
      case 0 -> {
        requestSotw(CLUSTER_TYPE_URL, List.of());
        Set<String> names = edsNames(response.getResourcesList());
        if (!names.equals(edsNames)) {
          edsNames = names;
          requestSotw(ENDPOINT_TYPE_URL, names);
        }
      }
      case 1 -> requestSotw(ENDPOINT_TYPE_URL, edsNames);
      case 2 -> {
        requestSotw(LISTENER_TYPE_URL, List.of());
        Set<String> names = rdsNames(response.getResourcesList());
        if (!names.equals(rdsNames)) {
          rdsNames = names;
          requestSotw(ROUTE_TYPE_URL, names);
        }
      }
      default -> requestSotw(ROUTE_TYPE_URL, rdsNames);
    }
    ackedTypes |= 1 << type;
  }

  private synchronized void onDelta(DeltaDiscoveryResponse response) {
    int type = count(response.getTypeUrl(), response.getSerializedSize());
    deltaStream.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
        .setResponseNonce(response.getNonce()).build());
    if (type == 0 || type == 2) {
      List<Any> added = response.getResourcesList().stream().map(Resource::getResource).toList();
      if (type == 0) {
        Set<String> names = new TreeSet<>(edsNames);
        names.addAll(edsNames(added));
        subscribeNew(ENDPOINT_TYPE_URL, edsNames, names);
        edsNames = names;
      } else {
        Set<String> names = new TreeSet<>(rdsNames);
        names.addAll(rdsNames(added));
        subscribeNew(ROUTE_TYPE_URL, rdsNames, names);
        rdsNames = names;
      }
    }
    ackedTypes |= 1 << type;
  }

  private void subscribeNew(String typeUrl, Set<String> before, Set<String> after) {
    List<String> fresh = after.stream().filter(n -> !before.contains(n)).toList();
    if (!fresh.isEmpty()) {
      subscribeDelta(typeUrl, fresh, false);
    }
  }

  private int count(String typeUrl, int size) {
    int type = TYPES.indexOf(typeUrl);
    responsesByType[type]++;
    bytes += size;
    responses++;
    lastResponseNanos = System.nanoTime();
    return type;
  }

  private void requestSotw(String typeUrl, Collection<String> names) {
    int type = TYPES.indexOf(typeUrl);
    sotw.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl).addAllResourceNames(names)
        .setVersionInfo(lastVersion[type]).setResponseNonce(lastNonce[type]).build());
  }

  private void subscribeDelta(String typeUrl, Collection<String> names, boolean wildcard) {
    DeltaDiscoveryRequest.Builder request = DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl);
    if (!wildcard) {
      request.addAllResourceNamesSubscribe(names);
    }
    deltaStream.onNext(request.build());
  }

  public synchronized void close() {
    if (sotw != null) {
      sotw.onCompleted();
    }
    if (deltaStream != null) {
      deltaStream.onCompleted();
    }
  }

  private static Set<String> edsNames(List<Any> resources) {
    Set<String> names = new TreeSet<>();
    for (Any any : resources) {
      Cluster cluster = unpack(any, Cluster.class);
      if (cluster.getType() == Cluster.DiscoveryType.EDS) {
        String service = cluster.getEdsClusterConfig().getServiceName();
        names.add(service.isEmpty() ? cluster.getName() : service);
      }
    }
    return names;
  }

  private static Set<String> rdsNames(List<Any> resources) {
    Set<String> names = new TreeSet<>();
    List<HttpConnectionManager> managers = new ArrayList<>();
    for (Any any : resources) {
      Listener listener = unpack(any, Listener.class);
      for (FilterChain chain : listener.getFilterChainsList()) {
        for (Filter filter : chain.getFiltersList()) {
          if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
            managers.add(unpack(filter.getTypedConfig(), HttpConnectionManager.class));
          }
        }
      }
    }
    for (HttpConnectionManager hcm : managers) {
      if (hcm.hasRds()) {
        names.add(hcm.getRds().getRouteConfigName());
      }
    }
    return names;
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private abstract class Observer<T> implements StreamObserver<T> {
    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }
}
