package dev.meshplane.envoy.certs;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * The certificate manager as snapshot builds and proxy managers see it: the secrets published so
 * far (read from any thread) and subscriptions to their changes. Made before the actor system,
 * which it joins with {@link #start}; until then (and in tests that never start it) nothing is
 * published and subscriptions are ignored.
 */
public final class ServedSecrets {
  private final Map<SecretKey.Source, SecretSource> sources;
  private final CertificateManager.Settings settings;
  private final ConcurrentMap<SecretKey, Secret> published = new ConcurrentHashMap<>();
  private volatile ActorRef<CertificateManager.Command> manager;

  public ServedSecrets(CertificateSources sources, CertificateManager.Settings settings) {
    this.sources = sources.bySource();
    this.settings = settings;
  }

  /** No sources: every referenced secret stays unserved (and is logged as such once started). */
  public static ServedSecrets none() {
    return new ServedSecrets(CertificateSources.none(), CertificateManager.Settings.defaults());
  }

  /** Spawns the certificate manager in {@code system}. */
  public ActorRef<CertificateManager.Command> start(ActorSystem<?> system, Executor blockingExecutor, Clock clock) {
    manager = system.systemActorOf(
        CertificateManager.create(sources, published, settings, blockingExecutor, clock), "certificates",
        Props.empty());
    return manager;
  }

  public Optional<ActorRef<CertificateManager.Command>> manager() {
    return Optional.ofNullable(manager);
  }

  /** The last good secret, if one was ever fetched. */
  public Optional<Secret> current(SecretKey key) {
    return Optional.ofNullable(published.get(key));
  }

  public void subscribe(ActorRef<CertificateManager.SecretChanged> subscriber, Set<SecretKey> keys) {
    manager().ifPresent(m -> m.tell(new CertificateManager.Subscribe(subscriber, keys)));
  }

  public void unsubscribe(ActorRef<CertificateManager.SecretChanged> subscriber) {
    manager().ifPresent(m -> m.tell(new CertificateManager.Unsubscribe(subscriber)));
  }
}
