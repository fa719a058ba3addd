package dev.meshplane.envoy.dns;

import dev.meshplane.envoy.snapshot.EndpointResolver.HostLookup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The snapshot builders' {@link HostLookup} backed by one {@link DnsResolver} for the service: a
 * builder (on a blocking thread) waits for the name's answer, at once when cached. The resolver's
 * lookups run on their own threads, so builders waiting here never starve them.
 */
public final class SharedDnsLookup implements HostLookup, AutoCloseable {
  private final HostLookup lookup;
  private final DnsResolver.Settings settings;
  private final Duration waitTimeout;
  private final ExecutorService lookups = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "envoy-management-dns");
    thread.setDaemon(true);
    return thread;
  });
  private volatile DnsResolver resolver;

  /** @param lookup the system resolver in production; tests pass their own function */
  public SharedDnsLookup(HostLookup lookup, DnsResolver.Settings settings, Duration waitTimeout) {
    this.lookup = lookup;
    this.settings = settings;
    this.waitTimeout = waitTimeout;
  }

  public static SharedDnsLookup system() {
    return new SharedDnsLookup(InetAddress::getAllByName, DnsResolver.Settings.defaults(), Duration.ofSeconds(10));
  }

  /** Starts the resolver on {@code clock}'s time; before this, every lookup fails. */
  public void start(Clock clock) {
    this.resolver = new DnsResolver(lookup, lookups, settings, clock);
  }

  @Override
  public InetAddress[] lookup(String hostname) throws UnknownHostException {
    DnsResolver started = resolver;
    if (started == null) {
      throw new UnknownHostException(hostname + ": the DNS resolver is not started");
    }
    List<InetAddress> addresses;
    try {
      addresses = started.resolve(hostname).get(waitTimeout.toMillis(), TimeUnit.MILLISECONDS).orElse(List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnknownHostException(hostname + ": interrupted");
    } catch (Exception e) {
      throw new UnknownHostException(hostname + ": no answer from the DNS resolver (" + e + ")");
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
