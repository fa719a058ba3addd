package dev.meshplane.envoy.actors;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts changes to what proxy managers report of the item they serve (generation, item,
 * convergence), shared by all of them: a reader that saw the same count before asking them twice
 * would get the same answers, so the status publisher asks nothing while the mesh is idle.
 */
public final class StatusChanges {
  private final AtomicLong count = new AtomicLong();

  /** Called by a manager after its served item or convergence changed. */
  public void changed() {
    count.incrementAndGet();
  }

  public long count() {
    return count.get();
  }
}
