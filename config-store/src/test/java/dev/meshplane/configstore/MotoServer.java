package dev.meshplane.configstore;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real {@code moto_server} (Python moto) on a free loopback port, for tests that talk to AWS
 * services (DynamoDB, Cloud Map, ACM) through the real AWS SDK. One per test class: start it in
 * {@code @BeforeAll}, close it in {@code @AfterAll}. State lives in the process, so
 * {@link #restart()} comes back on the same endpoint but empty.
 *
 * <p>A machine without moto fails the test (it is not skipped): install it with
 * {@code pip install "moto[server]"}.
 */
public final class MotoServer implements AutoCloseable {

  public static final Region REGION = Region.US_EAST_1;

  private static final String EXECUTABLE = "moto_server";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final int port;
  private final Path log;
  private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
  private Process process;

  private MotoServer(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** Starts moto_server and returns once it answers HTTP. */
  public static MotoServer start() {
    Path executable = findOnPath();
    try {
      MotoServer server = new MotoServer(freePort(), Files.createTempFile("moto_server-", ".log"));
      server.launch(executable);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + EXECUTABLE, e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * A DynamoDB client pointed at this server; closed with the server. It retries the standard
   * three times rather than DynamoDB's legacy default of ten, so a stopped server fails fast.
   */
  public DynamoDbClient dynamoDbClient() {
    DynamoDbClient client = configure(DynamoDbClient.builder())
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10)))
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
        .build();
    clients.add(client);
    return client;
  }

  /** Points any AWS client builder at this server: endpoint, region and dummy static credentials. */
  public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    return builder
        .endpointOverride(endpoint())
        .region(REGION)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
  }

  /** Stops the server; requests fail (connection refused) until {@link #restart()}. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /** Starts a fresh, empty server on the same endpoint (stopping the running one first). */
  public void restart() {
    stop();
    launch(findOnPath());
  }

  @Override
  public void close() {
    for (AutoCloseable client : clients) {
      try {
        client.close();
      } catch (Exception e) {
        // Closing a client at tear-down cannot fail a test.
      }
    }
    stop();
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // A leftover temporary log file is harmless.
    }
  }

  private void launch(Path executable) {
    ProcessBuilder builder = new ProcessBuilder(
            executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
    }
    awaitReady();
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
        .timeout(Duration.ofSeconds(1))
        .build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(EXECUTABLE + " exited with " + process.exitValue() + ":\n" + logText());
      }
      try {
        if (probe.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + EXECUTABLE, e);
      }
      sleep(POLL_INTERVAL);
    }
    stop();
    throw new IllegalStateException(EXECUTABLE + " did not answer within " + STARTUP_TIMEOUT + ":\n" + logText());
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static Path findOnPath() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, EXECUTABLE);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(EXECUTABLE + " is not on the PATH. These tests need a real AWS "
        + "emulator: install it with  pip install \"moto[server]\"  and make sure moto_server is on the PATH.");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + EXECUTABLE, e);
    }
  }
}
