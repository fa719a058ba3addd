package dev.meshplane.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The next line a helper process (a Node script driven over stdin/stdout) writes, within a timeout. */
final class ProcessLines {
  private ProcessLines() {}

  static String readLine(BufferedReader answers, Process process, Duration timeout, String who) throws IOException {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return answers.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      String answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (answer == null) {
        throw new IllegalStateException(who + " ended (exit " + process.waitFor() + "); see its stderr");
      }
      return answer;
    } catch (TimeoutException e) {
      throw new IllegalStateException(who + " did not answer within " + timeout, e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
