package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.util.Set;

/**
 * The resources a spec references, as the API computes them on a write. A restore to an earlier
 * journal sequence needs it: the journal keeps specs, not references.
 */
@FunctionalInterface
public interface ReferenceFinder {
  Set<ResourceId> referencesOf(ResourceId id, String specJson);
}
