package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rule that another resource must satisfy, checked inside the write's transaction so that a
 * concurrent change cannot slip between the check and the write. The check returns an error
 * message when the rule is broken (the store then refuses with
 * {@link StoreException.Kind#PRECONDITION_FAILED}).
 *
 * <p>Example: a route's type must match the listener protocol of its router.
 */
public record Precondition(ResourceId subject, Function<StoredResource, Optional<String>> check) {}
