package dev.meshplane.envoy;

import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw ADS client, as a test drives it: one stream, requests sent by hand, responses queued. */
final class AdsTestClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final Node node;
  private final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
  private final BlockingQueue<DeltaDiscoveryResponse> deltaResponses = new LinkedBlockingQueue<>();
  private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
  private StreamObserver<DiscoveryRequest> requests;
  private StreamObserver<DeltaDiscoveryRequest> deltaRequests;

  AdsTestClient(int port, Node node) {
    this(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build(), node);
  }

  /** Over {@code channel} (e.g. TLS with a client certificate, or call credentials); closes it. */
  AdsTestClient(ManagedChannel channel, Node node) {
    this.channel = channel;
    this.node = node;
  }

  static Node node(String id, String userAgent) {
    return Node.newBuilder().setId(id).setUserAgentName(userAgent).build();
  }

  void request(String typeUrl, List<String> names, String version, String nonce) {
    if (requests == null) {
      requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(observer(responses));
    }
    requests.onNext(DiscoveryRequest.newBuilder()
        .setNode(node)
        .setTypeUrl(typeUrl)
        .addAllResourceNames(names)
        .setVersionInfo(version)
        .setResponseNonce(nonce)
        .build());
  }

  void ack(DiscoveryResponse response, List<String> names) {
    request(response.getTypeUrl(), names, response.getVersionInfo(), response.getNonce());
  }

  void nack(DiscoveryResponse response, List<String> names, String keptVersion, String error) {
    requests.onNext(DiscoveryRequest.newBuilder()
        .setNode(node)
        .setTypeUrl(response.getTypeUrl())
        .addAllResourceNames(names)
        .setVersionInfo(keptVersion)
        .setResponseNonce(response.getNonce())
        .setErrorDetail(Status.newBuilder().setCode(3).setMessage(error))
        .build());
  }

  void deltaRequest(DeltaDiscoveryRequest.Builder request) {
    if (deltaRequests == null) {
      deltaRequests =
          AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(observer(deltaResponses));
    }
    deltaRequests.onNext(request.setNode(node).build());
  }

  DiscoveryResponse next(String typeUrl) throws InterruptedException {
    DiscoveryResponse response = responses.poll(10, TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError("no response within 10 s (stream closed with: " + closed.getNow(null) + ")");
    }
    if (!response.getTypeUrl().equals(typeUrl)) {
      throw new AssertionError("expected " + typeUrl + " but got " + response.getTypeUrl());
    }
    return response;
  }

  Optional<DiscoveryResponse> nextWithin(Duration wait) throws InterruptedException {
    return Optional.ofNullable(responses.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
  }

  DeltaDiscoveryResponse nextDelta() throws InterruptedException {
    DeltaDiscoveryResponse response = deltaResponses.poll(10, TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError("no delta response within 10 s (stream closed with: " + closed.getNow(null) + ")");
    }
    return response;
  }

  Optional<DeltaDiscoveryResponse> nextDeltaWithin(Duration wait) throws InterruptedException {
    return Optional.ofNullable(deltaResponses.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
  }

  void deltaNack(DeltaDiscoveryResponse response, String error) {
    deltaRequest(DeltaDiscoveryRequest.newBuilder()
        .setTypeUrl(response.getTypeUrl())
        .setResponseNonce(response.getNonce())
        .setErrorDetail(Status.newBuilder().setCode(3).setMessage(error)));
  }

  /** The error the server closed the stream with. */
  Throwable closedWith() throws Exception {
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
