package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One write, applied by {@link JournaledStore#apply} in a single serializable transaction.
 *
 * <ul>
 *   <li>{@link Create}: the parent (mesh; router of a route; gateway of a gateway route) and every
 *       reference must exist; an existing name is a conflict unless the same non-null client
 *       token made it, in which case the existing resource is returned unchanged. With a
 *       {@link CountLimit}, a create that would make more siblings than its maximum is refused
 *       ({@link StoreException.Kind#LIMIT_EXCEEDED}).
 *   <li>{@link Update}: replaces spec and references; bumps version. {@code expectedVersion}, when
 *       not null, must equal the stored version.
 *   <li>{@link Delete}: refused while children exist (resources of a mesh, routes of a router,
 *       gateway routes of a gateway) or while another resource references it.
 *   <li>{@link TagResource} / {@link UntagResource}: change tags only; the version stays.
 * </ul>
 */
public sealed interface Mutation {
  ResourceId id();

  String principal();

  record Create(
      ResourceId id,
      String specJson,
      List<Tag> tags,
      Set<ResourceId> references,
      List<Precondition> preconditions,
      String clientToken,
      String meshOwner,
      String resourceOwner,
      String principal,
      Optional<CountLimit> countLimit)
      implements Mutation {

    public Create {
      countLimit = countLimit == null ? Optional.empty() : countLimit;
    }

    /** A create without a count limit. */
    public Create(
        ResourceId id,
        String specJson,
        List<Tag> tags,
        Set<ResourceId> references,
        List<Precondition> preconditions,
        String clientToken,
        String meshOwner,
        String resourceOwner,
        String principal) {
      this(id, specJson, tags, references, preconditions, clientToken, meshOwner, resourceOwner, principal, Optional.empty());
    }
  }

  record Update(
      ResourceId id,
      Long expectedVersion,
      String specJson,
      Set<ResourceId> references,
      List<Precondition> preconditions,
      String principal)
      implements Mutation {}

  record Delete(ResourceId id, Long expectedVersion, String principal) implements Mutation {}

  record TagResource(ResourceId id, List<Tag> tags, String principal) implements Mutation {}

  record UntagResource(ResourceId id, List<String> tagKeys, String principal) implements Mutation {}
}
