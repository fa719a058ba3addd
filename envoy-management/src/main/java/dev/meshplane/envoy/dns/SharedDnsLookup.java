package dev.meshplane.envoy.dns;

import dev.meshplane.envoy.snapshot.EndpointResolver.HostLookup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The snapshot builders' {@link HostLookup} backed by one {@link DnsResolver} for the service: a
 * builder (on a blocking thread) asks the resolver and waits for its answer. The resolver's
 * lookups run on their own threads, so builders waiting here never starve them.
 */
public final class SharedDnsLookup implements HostLookup, AutoCloseable {
  private final HostLookup lookup;
  private final DnsResolver.Settings settings;
  private final Duration askTimeout;
  private final ExecutorService lookups = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "envoy-management-dns");
    thread.setDaemon(true);
    return thread;
  });
  private volatile ActorRef<DnsResolver.Command> resolver;
  private volatile ActorSystem<?> system;

  /** @param lookup the system resolver in production; tests pass their own function */
  public SharedDnsLookup(HostLookup lookup, DnsResolver.Settings settings, Duration askTimeout) {
    this.lookup = lookup;
    this.settings = settings;
    this.askTimeout = askTimeout;
  }

  public static SharedDnsLookup system() {
    return new SharedDnsLookup(InetAddress::getAllByName, DnsResolver.Settings.defaults(), Duration.ofSeconds(10));
  }

  /** Spawns the resolver in {@code system}; before this, every lookup fails. */
  public void start(ActorSystem<?> system, Clock clock) {
    this.system = system;
    this.resolver = system.systemActorOf(DnsResolver.create(lookup, lookups, settings, clock), "dns-resolver",
        Props.empty());
  }

  @Override
  public InetAddress[] lookup(String hostname) throws UnknownHostException {
    ActorRef<DnsResolver.Command> ref = resolver;
    if (ref == null) {
      throw new UnknownHostException(hostname + ": the DNS resolver is not started");
    }
    CompletionStage<DnsResolver.Answer> answer = AskPattern.ask(ref,
        replyTo -> new DnsResolver.Resolve(hostname, replyTo), askTimeout, system.scheduler());
    List<InetAddress> addresses;
    try {
      addresses = answer.toCompletableFuture().get().addresses().orElse(List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnknownHostException(hostname + ": interrupted");
    } catch (Exception e) {
      throw new UnknownHostException(hostname + ": no answer from the DNS resolver (" + e.getCause() + ")");
    }
    if (addresses.isEmpty()) {
      throw new UnknownHostException(hostname + ": never resolved");
    }
    return addresses.toArray(InetAddress[]::new);
  }

  @Override
  public void close() {
    lookups.shutdownNow();
  }
}
