package dev.meshplane.frontend.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for, and failing, the futures of writes with the failure as it was raised, not wrapped. */
public final class Futures {
  private Futures() {}

  /** The future's value; its failure rethrown as it was raised (a refusal stays a refusal). */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException wrapped) {
      throw unwrapped(wrapped);
    }
  }

  /** The same outcome, with a failure passed on as raised rather than inside a CompletionException. */
  public static <T> CompletableFuture<T> unwrapping(CompletableFuture<T> future) {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    future.whenComplete((value, failure) -> {
      if (failure == null) {
        outcome.complete(value);
      } else {
        outcome.completeExceptionally(failure instanceof CompletionException wrapped && wrapped.getCause() != null
            ? wrapped.getCause() : failure);
      }
    });
    return outcome;
  }

  private static RuntimeException unwrapped(CompletionException wrapped) {
    Throwable cause = wrapped.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return wrapped;
  }
}
