package dev.meshplane.envoy.dns;

import dev.meshplane.envoy.lookup.Backoff;
import dev.meshplane.envoy.lookup.SharedAnswers;
import dev.meshplane.envoy.snapshot.EndpointResolver.HostLookup;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS names of every proxy's clusters, resolved once for all ({@link SharedAnswers}): one
 * lookup per name in flight however many proxies ask, answers cached for a short TTL, lookups on
 * their own executor. A failed lookup keeps the last good answer and is retried with exponential
 * backoff; a lookup finding no address keeps it too; a name never resolved has no answer (its
 * cluster is left out, never served empty). Names nobody asked for in a while are forgotten.
 */
public final class DnsResolver {
  private static final Logger LOG = LoggerFactory.getLogger(DnsResolver.class);

  /**
   * @param ttl how long an answer is served without a new lookup
   * @param firstBackoff wait after a first failed lookup before the next; doubled per failure
   * @param maxBackoff longest wait between failed lookups
   * @param idleExpiry a name nobody asked for this long is forgotten
   */
  public record Settings(Duration ttl, Duration firstBackoff, Duration maxBackoff, Duration idleExpiry) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
  }

  private final SharedAnswers<String, List<InetAddress>> answers;

  /**
   * @param lookup the system resolver in production; tests pass their own function, since no DNS
   *     server can be controlled here
   */
  public DnsResolver(HostLookup lookup, Executor lookups, Settings settings, Clock clock) {
    this.answers = new SharedAnswers<>(
        hostname -> Optional.of(List.of(lookup.lookup(hostname))).filter(addresses -> !addresses.isEmpty()),
        settings.ttl(),
        new Backoff(settings.firstBackoff(), settings.maxBackoff()),
        settings.idleExpiry(),
        lookups,
        clock,
        (hostname, failures, kept, wait, cause) -> LOG.warn("DNS lookup of {} failed ({} in a row), {}; next try in {}",
            hostname, failures, kept.isPresent() ? "keeping the last answer" : "it has no answer yet", wait));
  }

  /** The name's addresses: the cached answer, or after the lookup; empty when never resolved. */
  public CompletableFuture<Optional<List<InetAddress>>> resolve(String hostname) {
    return answers.get(hostname);
  }
}
