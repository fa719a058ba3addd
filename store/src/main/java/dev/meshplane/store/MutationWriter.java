package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JournalEntry.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The body of one write transaction: checks a {@link Mutation} against the stored state, writes
 * it, appends its journal entry and bumps its mesh's generation. Refusals throw
 * {@link StoreException} before anything is written, and the caller rolls back regardless.
 */
final class MutationWriter {

  private final ResourceTable resources;
  private final ReferenceTable references;
  private final JournalTable journal;
  private final MeshGenerationTable generations;
  private final ResourceReads reads;

  MutationWriter(ResourceTable resources, ReferenceTable references, JournalTable journal,
      MeshGenerationTable generations, ResourceReads reads) {
    this.resources = resources;
    this.references = references;
    this.journal = journal;
    this.generations = generations;
    this.reads = reads;
  }

  WriteResult apply(Connection connection, Mutation mutation, Instant now) throws SQLException {
    if (mutation instanceof Mutation.Create create) {
      return create(connection, create, now);
    }
    if (mutation instanceof Mutation.Update update) {
      return update(connection, update, now);
    }
    if (mutation instanceof Mutation.Delete delete) {
      return delete(connection, delete, now);
    }
    if (mutation instanceof Mutation.TagResource tag) {
      return tag(connection, tag, now);
    }
    if (mutation instanceof Mutation.UntagResource untag) {
      return untag(connection, untag, now);
    }
    throw new IllegalArgumentException("unknown mutation " + mutation);
  }

  private WriteResult create(Connection connection, Mutation.Create create, Instant now) throws SQLException {
    ResourceId id = create.id();
    if (id.kind() != ResourceKind.MESH && !reads.exists(connection, id.parent())) {
      throw refused(StoreException.Kind.NOT_FOUND, ResourceNames.notFound(id.parent()));
    }
    Optional<StoredResource> existing = reads.find(connection, id);
    if (existing.isPresent()) {
      String token = create.clientToken();
      if (token != null && token.equals(existing.get().clientToken())) {
        return new WriteResult(existing.get(), journal.latestOf(connection, id), true);
      }
      throw refused(StoreException.Kind.CONFLICT, ResourceNames.alreadyExists(id));
    }
    Set<ResourceId> targets = orEmpty(create.references());
    checkReferences(connection, id, targets);
    checkPreconditions(connection, id, create.preconditions());
    if (create.countLimit().isPresent()) {
      checkCount(connection, id, create.countLimit().get());
    }
    StoredResource created =
        new StoredResource(
            id,
            UUID.randomUUID().toString(),
            1,
            now,
            now,
            create.specJson(),
            create.tags() == null ? List.of() : create.tags(),
            targets,
            create.clientToken(),
            create.meshOwner(),
            create.resourceOwner());
    resources.insert(connection, created);
    references.replace(connection, id, targets);
    reads.written(created);
    return recorded(connection, Operation.CREATE, created, create.principal(), now);
  }

  private WriteResult update(Connection connection, Mutation.Update update, Instant now) throws SQLException {
    StoredResource current = existing(connection, update.id());
    checkVersion(current, update.expectedVersion());
    Set<ResourceId> targets = orEmpty(update.references());
    checkReferences(connection, current.id(), targets);
    checkPreconditions(connection, current.id(), update.preconditions());
    StoredResource updated =
        new StoredResource(
            current.id(),
            current.uid(),
            current.version() + 1,
            current.createdAt(),
            now,
            update.specJson(),
            current.tags(),
            targets,
            current.clientToken(),
            current.meshOwner(),
            current.resourceOwner());
    resources.update(connection, updated);
    if (!targets.equals(current.references())) {
      references.replace(connection, current.id(), targets);
    }
    reads.written(updated);
    return recorded(connection, Operation.UPDATE, updated, update.principal(), now);
  }

  private WriteResult delete(Connection connection, Mutation.Delete delete, Instant now) throws SQLException {
    StoredResource current = existing(connection, delete.id());
    checkVersion(current, delete.expectedVersion());
    checkNoChildren(connection, current.id());
    checkNotReferenced(connection, current.id());
    references.deleteFrom(connection, current.id());
    resources.delete(connection, current.id());
    reads.deleted(current.id());
    return recorded(connection, Operation.DELETE, current, delete.principal(), now);
  }

  private WriteResult tag(Connection connection, Mutation.TagResource tag, Instant now) throws SQLException {
    StoredResource current = existing(connection, tag.id());
    Map<String, String> merged = new LinkedHashMap<>();
    for (Tag existingTag : current.tags()) {
      merged.put(existingTag.key(), existingTag.value());
    }
    for (Tag newTag : tag.tags()) {
      merged.put(newTag.key(), newTag.value()); // an existing key keeps its place, a new one goes last
    }
    List<Tag> tags = new ArrayList<>();
    merged.forEach((key, value) -> tags.add(new Tag(key, value)));
    return retagged(connection, current, tags, Operation.TAG, tag.principal(), now);
  }

  private WriteResult untag(Connection connection, Mutation.UntagResource untag, Instant now) throws SQLException {
    StoredResource current = existing(connection, untag.id());
    Set<String> removed = Set.copyOf(untag.tagKeys());
    List<Tag> tags = current.tags().stream().filter(tag -> !removed.contains(tag.key())).toList();
    return retagged(connection, current, tags, Operation.UNTAG, untag.principal(), now);
  }

  /** Tags are not part of the versioned spec: version and update time stay. */
  private WriteResult retagged(
      Connection connection, StoredResource current, List<Tag> tags, Operation operation, String principal, Instant now)
      throws SQLException {
    StoredResource retagged =
        new StoredResource(
            current.id(),
            current.uid(),
            current.version(),
            current.createdAt(),
            current.lastUpdatedAt(),
            current.specJson(),
            tags,
            current.references(),
            current.clientToken(),
            current.meshOwner(),
            current.resourceOwner());
    resources.update(connection, retagged);
    reads.written(retagged);
    return recorded(connection, operation, retagged, principal, now);
  }

  /** Appends the write's journal entry and bumps its mesh's generation. */
  private WriteResult recorded(
      Connection connection, Operation operation, StoredResource resource, String principal, Instant now)
      throws SQLException {
    long seq = journal.next(connection);
    journal.append(
        connection,
        new JournalEntry(
            seq, now, resource.id(), resource.version(), operation, StoreJson.journalBody(resource), principal));
    generations.bump(connection, resource.id().mesh(), now);
    return new WriteResult(resource, seq, false);
  }

  private StoredResource existing(Connection connection, ResourceId id) throws SQLException {
    return reads
        .find(connection, id)
        .orElseThrow(() -> refused(StoreException.Kind.NOT_FOUND, ResourceNames.notFound(id)));
  }

  private static void checkVersion(StoredResource current, Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != current.version()) {
      throw refused(
          StoreException.Kind.CONFLICT,
          ResourceNames.versionMismatch(current.id(), current.version(), expectedVersion));
    }
  }

  private void checkReferences(Connection connection, ResourceId id, Set<ResourceId> targets) throws SQLException {
    for (ResourceId target : targets.stream().sorted(Comparator.comparing(ResourceId::key)).toList()) {
      if (!reads.exists(connection, target)) {
        throw refused(StoreException.Kind.NOT_FOUND, ResourceNames.referenceNotFound(target, id));
      }
    }
  }

  private void checkPreconditions(Connection connection, ResourceId id, List<Precondition> preconditions)
      throws SQLException {
    if (preconditions == null) {
      return;
    }
    for (Precondition precondition : preconditions) {
      StoredResource subject =
          reads
              .find(connection, precondition.subject())
              .orElseThrow(
                  () ->
                      refused(
                          StoreException.Kind.NOT_FOUND,
                          ResourceNames.preconditionSubjectNotFound(precondition.subject(), id)));
      Optional<String> broken;
      try {
        broken = precondition.check().apply(subject, other -> {
          try {
            return reads.find(connection, other);
          } catch (SQLException e) {
            throw new ReadFailed(e);
          }
        });
      } catch (ReadFailed e) {
        // Rethrown as it came, so a serialization failure is still retried by the transaction runner.
        throw e.getCause();
      }
      if (broken.isPresent()) {
        throw refused(StoreException.Kind.PRECONDITION_FAILED, broken.get());
      }
    }
  }

  /** Writes are serialized on both databases, so the count cannot change before this create commits. */
  private void checkCount(Connection connection, ResourceId id, CountLimit limit) throws SQLException {
    int count = resources.countSiblings(connection, id);
    if (count >= limit.max()) {
      throw refused(StoreException.Kind.LIMIT_EXCEEDED, ResourceNames.limitExceeded(id, count, limit));
    }
  }

  private void checkNoChildren(Connection connection, ResourceId id) throws SQLException {
    int count = resources.countChildren(connection, id);
    if (count > 0) {
      List<ResourceId> shown = resources.children(connection, id, ResourceNames.NAMED);
      throw refused(StoreException.Kind.IN_USE, ResourceNames.stillHasChildren(id, count, shown));
    }
  }

  private void checkNotReferenced(Connection connection, ResourceId id) throws SQLException {
    List<ResourceId> referrers = references.referrers(connection, id, ResourceNames.NAMED + 1);
    if (!referrers.isEmpty()) {
      throw refused(StoreException.Kind.IN_USE, ResourceNames.inUse(id, referrers));
    }
  }

  private static Set<ResourceId> orEmpty(Set<ResourceId> references) {
    return references == null ? Set.of() : references;
  }

  private static StoreException refused(StoreException.Kind kind, String message) {
    return new StoreException(kind, message);
  }

  /** Carries a read's SQLException out of a precondition's check. */
  private static final class ReadFailed extends RuntimeException {
    ReadFailed(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
