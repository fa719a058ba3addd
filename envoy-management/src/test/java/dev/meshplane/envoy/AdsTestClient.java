package dev.meshplane.envoy;

import static io.envoyproxy.controlplane.cache.Resources.V3.SECRET_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.cluster.v3.ClusterDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw ADS client, as a test drives it: one stream, requests sent by hand, responses queued. */
public final class AdsTestClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final Node node;
  private final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
  private final BlockingQueue<DeltaDiscoveryResponse> deltaResponses = new LinkedBlockingQueue<>();
  private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
  private StreamObserver<DiscoveryRequest> requests;
  private StreamObserver<DeltaDiscoveryRequest> deltaRequests;

  public AdsTestClient(int port, Node node) {
    this(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build(), node);
  }

  /** Over {@code channel} (e.g. TLS with a client certificate, or call credentials); closes it. */
  public AdsTestClient(ManagedChannel channel, Node node) {
    this.channel = channel;
    this.node = node;
  }

  public static Node node(String id, String userAgent) {
    return Node.newBuilder().setId(id).setUserAgentName(userAgent).build();
  }

  public void request(String typeUrl, List<String> names, String version, String nonce) {
    send(DiscoveryRequest.newBuilder()
        .setNode(node)
        .setTypeUrl(typeUrl)
        .addAllResourceNames(names)
        .setVersionInfo(version)
        .setResponseNonce(nonce)
        .build());
  }

  /** Sends {@code request} as it is: no node is added (only a stream's first request must name it). */
  public void send(DiscoveryRequest request) {
    if (requests == null) {
      requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(observer(responses));
    }
    requests.onNext(request);
  }

  /** Sends {@code request} as it is on a stream of the per-type cluster service (CDS), not ADS. */
  public void sendOnClusterService(DiscoveryRequest request) {
    if (requests == null) {
      requests = ClusterDiscoveryServiceGrpc.newStub(channel).streamClusters(observer(responses));
    }
    requests.onNext(request);
  }

  /** Cancels the open streams, as a client that goes away does (the channel stays open). */
  public void cancel() {
    for (StreamObserver<?> stream : java.util.Arrays.asList(requests, deltaRequests)) {
      if (stream instanceof ClientCallStreamObserver<?> call) {
        call.cancel("cancelled by the test client", null);
      }
    }
  }

  /** Sends {@code request} as it is on the delta stream. */
  public void sendDelta(DeltaDiscoveryRequest request) {
    if (deltaRequests == null) {
      deltaRequests =
          AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(observer(deltaResponses));
    }
    deltaRequests.onNext(request);
  }

  /** Ends the request stream (half-close); the server then ends the call. */
  public void halfClose() {
    if (requests != null) {
      requests.onCompleted();
    }
    if (deltaRequests != null) {
      deltaRequests.onCompleted();
    }
  }

  public void ack(DiscoveryResponse response, List<String> names) {
    request(response.getTypeUrl(), names, response.getVersionInfo(), response.getNonce());
  }

  public void nack(DiscoveryResponse response, List<String> names, String keptVersion, String error) {
    requests.onNext(DiscoveryRequest.newBuilder()
        .setNode(node)
        .setTypeUrl(response.getTypeUrl())
        .addAllResourceNames(names)
        .setVersionInfo(keptVersion)
        .setResponseNonce(response.getNonce())
        .setErrorDetail(Status.newBuilder().setCode(3).setMessage(error))
        .build());
  }

  public void deltaRequest(DeltaDiscoveryRequest.Builder request) {
    sendDelta(request.setNode(node).build());
  }

  public DiscoveryResponse next(String typeUrl) throws InterruptedException {
    DiscoveryResponse response = responses.poll(10, TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError("no response within 10 s (stream closed with: " + closed.getNow(null) + ")");
    }
    if (!response.getTypeUrl().equals(typeUrl)) {
      throw new AssertionError("expected " + typeUrl + " but got " + response.getTypeUrl());
    }
    return response;
  }

  public Optional<DiscoveryResponse> nextWithin(Duration wait) throws InterruptedException {
    return Optional.ofNullable(responses.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
  }

  public DeltaDiscoveryResponse nextDelta() throws InterruptedException {
    DeltaDiscoveryResponse response = deltaResponses.poll(10, TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError("no delta response within 10 s (stream closed with: " + closed.getNow(null) + ")");
    }
    return response;
  }

  public Optional<DeltaDiscoveryResponse> nextDeltaWithin(Duration wait) throws InterruptedException {
    return Optional.ofNullable(deltaResponses.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
  }

  public void deltaNack(DeltaDiscoveryResponse response, String error) {
    deltaRequest(DeltaDiscoveryRequest.newBuilder()
        .setTypeUrl(response.getTypeUrl())
        .setResponseNonce(response.getNonce())
        .setErrorDetail(Status.newBuilder().setCode(3).setMessage(error)));
  }

  /**
   * Asks for the SDS secrets {@code names} and returns the first response that holds them all,
   * acking each (the first answers may come before the secrets were fetched: they hold only what
   * is published). A secret without content fails the test: none is ever served empty.
   */
  public DiscoveryResponse secrets(Set<String> names) throws InterruptedException {
    request(SECRET_TYPE_URL, List.copyOf(names), "", "");
    while (true) {
      DiscoveryResponse sds = next(SECRET_TYPE_URL);
      ack(sds, List.copyOf(names));
      List<Secret> secrets = StoredProxyConfigCodec.unpack(sds.getResourcesList(), Secret.class);
      assertThat(secrets).allSatisfy(secret -> assertThat(secret.getTypeCase()).isNotEqualTo(Secret.TypeCase.TYPE_NOT_SET));
      if (secrets.stream().map(Secret::getName).toList().containsAll(names)) {
        return sds;
      }
    }
  }

  /** The error the server closed the stream with. */
  public Throwable closedWith() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  private <T> StreamObserver<T> observer(BlockingQueue<T> queue) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        queue.add(value);
      }

      @Override
      public void onError(Throwable t) {
        closed.complete(t);
      }

      @Override
      public void onCompleted() {
        closed.complete(null);
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
