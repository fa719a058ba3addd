package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rule that another resource must satisfy, checked inside the write's transaction so that a
 * concurrent change cannot slip between the check and the write. The check returns an error
 * message when the rule is broken (the store then refuses with
 * {@link StoreException.Kind#PRECONDITION_FAILED}); it may read further resources through the
 * same transaction (a gateway route's target service, then that service's provider).
 *
 * <p>Example: a route's type must match the listener protocol of its router.
 */
public record Precondition(ResourceId subject, Check check) {

  /** A check that needs only its subject. */
  public Precondition(ResourceId subject, Function<StoredResource, Optional<String>> check) {
    this(subject, (Check) (stored, resources) -> check.apply(stored));
  }

  /** The rule: an error message when broken. */
  @FunctionalInterface
  public interface Check {
    Optional<String> apply(StoredResource subject, Reader resources);
  }

  /** Reads other resources in the write's transaction. */
  @FunctionalInterface
  public interface Reader {
    Optional<StoredResource> find(ResourceId id);
  }
}
