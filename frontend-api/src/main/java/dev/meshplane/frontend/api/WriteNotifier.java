package dev.meshplane.frontend.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells in-process listeners that a write was acknowledged, so a co-located transformer can tick
 * at once instead of at its next interval. A hint only: listeners must not depend on it.
 */
public final class WriteNotifier {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(Runnable listener) {
    listeners.add(listener);
  }

  public void written() {
    listeners.forEach(Runnable::run);
  }
}
