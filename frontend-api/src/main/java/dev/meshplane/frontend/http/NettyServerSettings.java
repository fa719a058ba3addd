package dev.meshplane.frontend.http;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * What the API needs of the HTTP server. Request decompression is off: a SigV4 signature covers
 * the body as sent, and an App Mesh client never compresses ({@link RequestBodies} refuses a
 * Content-Encoding). The request line may be 16 KiB rather than Netty's 4 KiB: three names of up
 * to 255 characters, each up to 12 bytes when percent-encoded, with a query, fit.
 */
@Singleton
public class NettyServerSettings implements BeanCreatedEventListener<NettyHttpServerConfiguration> {
  static final int MAX_REQUEST_LINE_BYTES = 16 * 1024;
  static final int MAX_HEADER_BYTES = 16 * 1024;

  @Override
  public NettyHttpServerConfiguration onCreated(BeanCreatedEvent<NettyHttpServerConfiguration> event) {
    NettyHttpServerConfiguration configuration = event.getBean();
    configuration.setRequestDecompressionEnabled(false);
    configuration.setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES);
    configuration.setMaxHeaderSize(MAX_HEADER_BYTES);
    return configuration;
  }
}
