package dev.meshplane.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A proxyless gRPC application on Node's {@code @grpc/grpc-js} and {@code @grpc/grpc-js-xds} (the
 * script {@code src/test/node/echo-client.js}, its npm packages installed by the build into
 * {@code target/grpcjs-client}), run as a child process whose xDS node id is a virtual node. The
 * test asks it for batches of calls over stdin and reads who answered from its stdout.
 */
final class GrpcJsClient implements EchoCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Each call of the script has a 10 s deadline; a batch also waits for the process to answer. */
  private static final Duration PER_CALL = Duration.ofSeconds(10);

  private final Process process;
  private final Writer commands;
  private final BufferedReader answers;

  /** Starts the client once the server holds the node's config (before that the node gets NOT_FOUND). */
  GrpcJsClient(RunningServer server, String mesh, String virtualNode, String virtualService) throws IOException {
    this(awaitingConfig(server, mesh, virtualNode), "mesh/" + mesh + "/virtualNode/" + virtualNode, virtualService);
  }

  private static int awaitingConfig(RunningServer server, String mesh, String virtualNode) {
    TrafficSupport.awaitProxyConfig(server, mesh, virtualNode);
    return server.xdsPort();
  }

  GrpcJsClient(int xdsPort, String nodeId, String virtualService) throws IOException {
    Path directory = directory();
    ProcessBuilder builder = new ProcessBuilder("node", "echo-client.js", virtualService)
        .directory(directory.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("GRPC_XDS_BOOTSTRAP_CONFIG", JSON.writeValueAsString(Map.of(
        "xds_servers", List.of(Map.of(
            "server_uri", "127.0.0.1:" + xdsPort,
            "channel_creds", List.of(Map.of("type", "insecure")),
            "server_features", List.of())),
        // grpc-js-xds refuses a bootstrap node without a locality ("locality field missing in node element").
        "node", Map.of("id", nodeId, "locality", Map.of()))));
    builder.environment().remove("GRPC_XDS_BOOTSTRAP");
    process = builder.start();
    commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String ready = readLine(Duration.ofSeconds(30));
    if (!ready.startsWith("{\"ready\"")) {
      throw new IllegalStateException("grpc-js client did not start: " + ready);
    }
  }

  /** Where the build installed the script and its npm packages. */
  private static Path directory() {
    Path directory = Path.of(System.getProperty("meshplane.grpcjs-client", "target/grpcjs-client"));
    if (!Files.isDirectory(directory.resolve("node_modules/@grpc/grpc-js-xds"))) {
      throw new IllegalStateException(directory + " has no node_modules: run the integration-tests build "
          + "(generate-test-resources runs npm ci there)");
    }
    return directory;
  }

  @Override
  public Map<String, Integer> calls(int count) {
    return calls(count, Map.of());
  }

  Map<String, Integer> calls(int count, Map<String, String> headers) {
    StringBuilder command = new StringBuilder("calls ").append(count);
    headers.forEach((name, value) -> command.append(' ').append(name).append('=').append(value));
    try {
      commands.write(command.append('\n').toString());
      commands.flush();
      String line = readLine(PER_CALL.multipliedBy(count).plusSeconds(10));
      return new TreeMap<>(JSON.readValue(line, new TypeReference<Map<String, Integer>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readLine(Duration timeout) throws IOException {
    return ProcessLines.readLine(answers, process, timeout, "grpc-js client");
  }

  @Override
  public void close() throws InterruptedException {
    try {
      commands.write("exit\n");
      commands.flush();
    } catch (IOException alreadyGone) {
      // The process ended on its own; nothing to tell it.
    }
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
