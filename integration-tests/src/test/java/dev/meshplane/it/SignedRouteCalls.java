package dev.meshplane.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * UpdateRoute as the App Mesh SDK sends it (PUT of the route's REST path, its JSON body with a
 * client token), signed by the SDK's own SigV4 signer and sent over a fixed pool of keep-alive
 * HTTP/1.1 connections on one Netty event loop: a real signature the server verifies, at a small
 * fraction of the SDK client's CPU per call, so a load generator in the server's JVM leaves the
 * cores to the server. A call waits for a free connection when all {@code connections} are busy
 * (an open loop counts that wait in its latency). Threads are named {@code bench-*} (the
 * benchmark's client role).
 */
final class SignedRouteCalls implements AutoCloseable {
  private static final AttributeKey<CompletableFuture<Integer>> ANSWER = AttributeKey.valueOf("answer");

  private final URI endpoint;
  private final String mesh;
  private final AwsCredentialsIdentity identity;
  private final String region;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final EventLoopGroup loop;
  private final FixedChannelPool connections;

  SignedRouteCalls(URI endpoint, String mesh, AwsCredentials credentials, String region, int connections) {
    this.endpoint = endpoint;
    this.mesh = mesh;
    this.identity = AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
    this.region = region;
    this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bench-http", true), NioIoHandler.newFactory());
    Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .remoteAddress(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
    this.connections = new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler() {
      @Override
      public void channelCreated(Channel channel) {
        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Answers());
      }
    }, connections);
  }

  /** Completes each call's future with the status of the response on its connection. */
  private static final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      CompletableFuture<Integer> answer = ctx.channel().attr(ANSWER).getAndSet(null);
      if (answer != null) {
        answer.complete(response.status().code());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      CompletableFuture<Integer> answer = ctx.channel().attr(ANSWER).getAndSet(null);
      if (answer != null) {
        answer.completeExceptionally(new IllegalStateException("connection closed before the answer"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      CompletableFuture<Integer> answer = ctx.channel().attr(ANSWER).getAndSet(null);
      if (answer != null) {
        answer.completeExceptionally(cause);
      }
      ctx.close();
    }
  }

  /** Updates {@code router}'s route to match {@code prefix}; completes with the HTTP status. */
  CompletableFuture<Integer> updateRoute(String router, String prefix) {
    String json = "{\"clientToken\":\"" + UUID.randomUUID() + "\",\"spec\":{\"httpRoute\":{\"action\":"
        + "{\"weightedTargets\":[{\"virtualNode\":\"node\",\"weight\":1}]},\"match\":{\"prefix\":\"" + prefix + "\"}}}}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String path = "/v20190125/meshes/" + mesh + "/virtualRouter/" + router + "/routes/route";
    SdkHttpRequest unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.PUT)
        .uri(endpoint.resolve(path))
        .putHeader("Content-Type", "application/json")
        .build();
    var signed = signer.sign(r -> r
        .identity(identity)
        .request(unsigned)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appmesh")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, path, Unpooled.wrappedBuffer(body));
    signed.request().forEachHeader((name, values) -> values.forEach(value -> request.headers().add(name, value)));
    request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    CompletableFuture<Integer> answer = new CompletableFuture<>();
    connections.acquire().addListener(acquired -> {
      if (!acquired.isSuccess()) {
        request.release();
        answer.completeExceptionally(acquired.cause());
        return;
      }
      Channel channel = (Channel) acquired.getNow();
      channel.attr(ANSWER).set(answer);
      // The connection goes back to the pool once answered, whatever the answer.
      answer.whenComplete((status, failure) -> connections.release(channel));
      channel.writeAndFlush(request).addListener(written -> {
        if (!written.isSuccess()) {
          CompletableFuture<Integer> mine = channel.attr(ANSWER).getAndSet(null);
          if (mine != null) {
            mine.completeExceptionally(written.cause());
          }
        }
      });
    });
    return answer;
  }

  @Override
  public void close() {
    connections.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
