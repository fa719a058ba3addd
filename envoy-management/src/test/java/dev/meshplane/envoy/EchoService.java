package dev.meshplane.envoy;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one-method gRPC service that test backends serve and proxyless clients call: {@code
 * demo.Echo/Who} with string messages, so the tests need no generated code.
 */
public final class EchoService {
  /** The service name the routes of the test meshes match. */
  public static final String NAME = "demo.Echo";

  public static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(NAME + "/Who")
      .setRequestMarshaller(new Utf8())
      .setResponseMarshaller(new Utf8())
      .build();

  private EchoService() {}

  /** The service with {@code method} answering every call. */
  public static ServerServiceDefinition handledBy(ServerCalls.UnaryMethod<String, String> method) {
    return ServerServiceDefinition.builder(NAME).addMethod(WHO, ServerCalls.asyncUnaryCall(method)).build();
  }

  /** The service answering {@code answer} to every call. */
  public static ServerServiceDefinition answering(String answer) {
    return handledBy((request, response) -> {
      response.onNext(answer);
      response.onCompleted();
    });
  }

  /** A plaintext server on a free port answering {@code answer}. */
  public static Server start(String answer) throws IOException {
    return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(answering(answer)).build().start();
  }

  private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
