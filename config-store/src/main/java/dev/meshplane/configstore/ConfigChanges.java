package dev.meshplane.configstore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-up hints that config items of a mesh were written: the transformer's side publishes, the
 * xDS side's config watcher subscribes and lists that mesh at once instead of at its next poll. A
 * hint names the mesh only, never the config: the subscriber reads the store as it would on a
 * poll, so a lost or duplicated hint changes nothing but latency (the poll repairs a lost one).
 */
public final class ConfigChanges {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigChanges.class);

  private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

  /** Calls {@code subscriber} with the mesh of every later publication; closing unsubscribes. */
  public AutoCloseable subscribe(Consumer<String> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** Tells every subscriber, on the caller's thread (subscribers only enqueue); never throws. */
  public void published(String mesh) {
    for (Consumer<String> subscriber : subscribers) {
      try {
        subscriber.accept(mesh);
      } catch (RuntimeException e) {
        // A hint is best effort: the writer's commit stands, and the poll will find the change.
        LOG.warn("a config change subscriber failed for mesh {}: {}", mesh, e.toString());
      }
    }
  }
}
