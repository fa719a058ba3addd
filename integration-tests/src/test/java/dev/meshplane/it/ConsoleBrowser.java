package dev.meshplane.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}, {@code /usr/bin/chromium} or {@code CHROMIUM})
 * driven by playwright-core through {@code console-driver.js}, which the build installs beside the
 * grpc-js client: one JSON command a line, one answer a line; a failed command fails the test with
 * the browser's message.
 */
final class ConsoleBrowser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer commands;
  private final BufferedReader answers;

  ConsoleBrowser() throws IOException {
    Path directory = Path.of(System.getProperty("meshplane.grpcjs-client", "target/grpcjs-client"));
    if (!Files.isDirectory(directory.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException(directory + " has no playwright-core: run the integration-tests build "
          + "(generate-test-resources runs npm ci there)");
    }
    process = new ProcessBuilder("node", "console-driver.js").directory(directory.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    JsonNode ready = JSON.readTree(readLine(Duration.ofSeconds(60)));
    if (!ready.path("ready").asBoolean()) {
      throw new IllegalStateException("the browser did not start: " + ready);
    }
  }

  JsonNode run(String op, String... namesAndValues) {
    ObjectNode command = JSON.createObjectNode().put("op", op);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      command.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    try {
      commands.write(command + "\n");
      commands.flush();
      JsonNode answer = JSON.readTree(readLine(Duration.ofSeconds(60)));
      if (answer.has("error")) {
        throw new AssertionError("browser: " + op + " " + command + " failed: " + answer.get("error").asText());
      }
      return answer.path("value");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void open(String url) {
    run("open", "url", url);
  }

  void fill(String selector, String value) {
    run("fill", "selector", selector, "value", value);
  }

  void click(String selector) {
    run("click", "selector", selector);
  }

  /** Waits until an element {@code selector} matches contains {@code text}. */
  void waitText(String selector, String text) {
    run("waitText", "selector", selector, "text", text);
  }

  List<String> texts(String selector) {
    List<String> texts = new ArrayList<>();
    run("texts", "selector", selector).forEach(t -> texts.add(t.asText()));
    return texts;
  }

  void screenshot(Path file) {
    run("screenshot", "file", file.toAbsolutePath().toString());
  }

  private String readLine(Duration timeout) throws IOException {
    return ProcessLines.readLine(answers, process, timeout, "the browser driver");
  }

  @Override
  public void close() throws InterruptedException {
    try {
      commands.close();
    } catch (IOException alreadyGone) {
      // The driver ended on its own.
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
