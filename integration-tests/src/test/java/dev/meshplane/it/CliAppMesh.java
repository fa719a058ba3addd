package dev.meshplane.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The AWS CLI ({@code aws appmesh ...}) run as a subprocess against a Meshplane endpoint, signing
 * with the given key (the admin principal's by default), no config files, no pager, JSON output and no retries (so each answer is seen).
 */
final class CliAppMesh {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One CLI run: its exit code, standard output and standard error. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    JsonNode json() {
      if (exitCode != 0) {
        throw new AssertionError("aws exited with " + exitCode + ": " + String.join(" ", command) + "\n" + stderr);
      }
      try {
        return stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("aws printed no JSON for " + String.join(" ", command) + ":\n" + stdout, e);
      }
    }
  }

  private final URI endpoint;
  private final Path scratch;
  private final AwsCredentials credentials;

  /** The CLI signing as the admin principal of a {@link RunningServer}. */
  CliAppMesh(URI endpoint, Path scratch) {
    this(endpoint, scratch, RunningServer.ADMIN);
  }

  CliAppMesh(URI endpoint, Path scratch, AwsCredentials credentials) {
    this.endpoint = endpoint;
    this.scratch = scratch;
    this.credentials = credentials;
  }

  /** Runs {@code aws appmesh <operation> args...} and returns its JSON output; fails the test on a non-zero exit. */
  JsonNode call(String operation, List<String> args) {
    return run(operation, args).json();
  }

  Result run(String operation, List<String> args) {
    List<String> command = new ArrayList<>(List.of("aws", "appmesh", operation));
    command.addAll(args);
    command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    env.remove("AWS_SESSION_TOKEN");
    env.remove("AWS_PROFILE");
    env.put("AWS_DEFAULT_REGION", RunningServer.REGION);
    env.put("AWS_PAGER", "");
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("AWS_CONFIG_FILE", scratch.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-aws-credentials").toString());
    try {
      Path out = Files.createTempFile(scratch, "aws-", ".out");
      Path err = Files.createTempFile(scratch, "aws-", ".err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("aws did not finish in 60 s: " + String.join(" ", command));
      }
      Result result = new Result(
          command,
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new AssertionError("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    }
  }
}
