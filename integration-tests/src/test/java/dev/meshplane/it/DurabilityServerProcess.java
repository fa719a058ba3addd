package dev.meshplane.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * The real launcher ({@code java -jar meshplane.jar server}) as a separate OS process, with a small
 * heap; its output goes to a log file. DurabilityKillTest kills it; ReadinessTest probes it from its start.
 */
final class DurabilityServerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String UP_LINE = "Meshplane is up";

  private final Process process;
  private final int apiPort;
  private final int xdsPort;
  private final Path log;

  private DurabilityServerProcess(Process process, int apiPort, int xdsPort, Path log) {
    this.process = process;
    this.apiPort = apiPort;
    this.xdsPort = xdsPort;
    this.log = log;
  }

  private static final List<String> SMALL_HEAP = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** Starts the server on {@code dataDir} with a small heap and waits until it says it is up. */
  static DurabilityServerProcess start(Path dataDir, Path log) throws IOException, InterruptedException {
    return start(dataDir, log, SMALL_HEAP);
  }

  /** As above, the JVM started with {@code jvmOptions}. */
  static DurabilityServerProcess start(Path dataDir, Path log, List<String> jvmOptions)
      throws IOException, InterruptedException {
    DurabilityServerProcess server = launch(dataDir, log, jvmOptions);
    server.awaitUp();
    return server;
  }

  /** Starts the server process on {@code dataDir} with a small heap and returns at once. */
  static DurabilityServerProcess launch(Path dataDir, Path log) throws IOException {
    return launch(dataDir, log, SMALL_HEAP);
  }

  private static DurabilityServerProcess launch(Path dataDir, Path log, List<String> jvmOptions) throws IOException {
    int apiPort = freePort();
    int xdsPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of(
        // The runnable jar users start (bin/meshplane), so its packaging is under test too.
        "-jar", runnableJar().toString(), "server",
        "--data-dir", dataDir.toString(),
        "--api-port", Integer.toString(apiPort),
        "--xds-port", Integer.toString(xdsPort)));
    ProcessBuilder builder = new ProcessBuilder(command);
    // the admin principal's key, as an operator sets it: the test's clients sign with it
    builder.environment().put("MESHPLANE_ADMIN_ACCESS_KEY_ID", RunningServer.ADMIN.accessKeyId());
    builder.environment().put("MESHPLANE_ADMIN_SECRET_ACCESS_KEY", RunningServer.ADMIN.secretAccessKey());
    // the writer writes as fast as it can, far past the default write throttle (meshplane.throttle.enabled)
    builder.environment().put("MESHPLANE_THROTTLE_ENABLED", "false");
    // The writer creates nodes for as long as it runs: past App Mesh's default of 200 per mesh.
    builder.environment().put("MESHPLANE_LIMITS_VIRTUAL_NODES_PER_MESH", "1000000");
    Process process = builder
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new DurabilityServerProcess(process, apiPort, xdsPort, log);
  }

  private void awaitUp() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!logText().contains(UP_LINE)) {
      if (!process.isAlive()) {
        throw new AssertionError("the server exited with " + process.exitValue() + " before it was up:\n" + logText());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("the server was not up after " + START_TIMEOUT + ":\n" + logText());
      }
      Thread.sleep(100);
    }
  }

  private static Path runnableJar() {
    Path jar = Path.of(System.getProperty("meshplane.jar", "../launcher/target/meshplane.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("the runnable jar " + jar.toAbsolutePath() + " is missing: run ./mvnw verify, which packages the launcher first");
    }
    return jar;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + apiPort);
  }

  /** An App Mesh SDK client for this server: the admin key, URL-connection HTTP, short timeouts, no retries. */
  AppMeshClient client() {
    return AppMeshClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(RunningServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(RunningServer.ADMIN))
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build())
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  int xdsPort() {
    return xdsPort;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL on Linux: no shutdown hook, no flush, no close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the killed server (pid " + process.pid() + ") is still alive after 30 s");
    }
  }

  /** SIGTERM: the shutdown hook closes the server and its store. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server (pid " + process.pid() + ") did not stop within 30 s of SIGTERM:\n" + logText());
    }
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
