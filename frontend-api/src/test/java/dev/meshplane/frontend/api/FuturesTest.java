package dev.meshplane.frontend.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.store.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {
  private static final StoreException REFUSED = new StoreException(StoreException.Kind.CONFLICT, "already exists");

  @Test
  void aFailureAfterAStageIsPassedOnAsRaised() {
    CompletableFuture<String> write = new CompletableFuture<>();
    CompletableFuture<String> answer = Futures.unwrapping(write.thenApply(value -> "answered " + value));

    write.completeExceptionally(REFUSED);

    assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class).hasCause(REFUSED);
    assertThatThrownBy(() -> Futures.await(write.thenApply(value -> value))).isSameAs(REFUSED);
  }

  @Test
  void aValueIsPassedOn() throws Exception {
    CompletableFuture<String> write = new CompletableFuture<>();
    CompletableFuture<String> answer = Futures.unwrapping(write.thenApply(value -> "answered " + value));

    write.complete("v2");

    assertThat(answer.get()).isEqualTo("answered v2");
    assertThat(Futures.await(write)).isEqualTo("v2");
  }
}
