package dev.meshplane.envoy.status;

import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.xds.StreamListener;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open streams of this server and, per stream and type, what was sent and what the client
 * answered: the source of the status API and of CSDS. Fed by the xDS server's stream events
 * (gRPC threads); a closed stream is forgotten at once, so a disconnected proxy disappears.
 */
public final class ProxyStatusBoard implements StreamListener {

  private record Entry(ProxyTarget target, String nodeId, String clientVersion, java.time.Instant since,
      Map<String, TypeState> types) {}

  /** As the managers keep it: Envoy's details run to a few KiB; more is a client flooding us. */
  private static final int KEPT_DETAIL_CHARS = 64 * 1024;

  private final Clock clock;
  private final Map<Long, Entry> streams = new ConcurrentHashMap<>();
  /** Moved after every change, so a reader that saw the same value before reading has nothing new to read. */
  private final AtomicLong version = new AtomicLong();

  public ProxyStatusBoard(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void opened(long streamId, ProxyTarget target) {
    streams.computeIfAbsent(streamId, id -> new Entry(target, target.key(), "", clock.instant(), new HashMap<>()));
    version.incrementAndGet();
  }

  @Override
  public void opened(long streamId, ProxyTarget target, Node node) {
    streams.put(streamId, new Entry(target, node.getId(), clientVersion(node), clock.instant(), new HashMap<>()));
    version.incrementAndGet();
  }

  @Override
  public void sent(long streamId, String typeUrl, String version, int bytes) {
    update(streamId, typeUrl, state -> state.sent(version, clock.instant()));
  }

  @Override
  public void acked(long streamId, String typeUrl, String version) {
    update(streamId, typeUrl, state -> state.acked(version));
  }

  @Override
  public void nacked(long streamId, String typeUrl, String keptVersion, String errorDetail) {
    update(streamId, typeUrl, state -> state.nacked(
        errorDetail.length() > KEPT_DETAIL_CHARS ? errorDetail.substring(0, KEPT_DETAIL_CHARS) : errorDetail));
  }

  @Override
  public void closed(long streamId) {
    streams.remove(streamId);
    version.incrementAndGet();
  }

  /**
   * Moves whenever a stream opens, closes or is sent or answers anything: equal values read
   * before two {@link #streams()} mean equal streams.
   */
  public long version() {
    return version.get();
  }

  /** The open streams, by stream id. */
  public List<ConnectedStream> streams() {
    return streams.entrySet().stream()
        .map(e -> {
          synchronized (e.getValue()) {
            Entry entry = e.getValue();
            return new ConnectedStream(e.getKey(), entry.target(), entry.nodeId(), entry.clientVersion(),
                entry.since(), entry.types());
          }
        })
        .sorted(Comparator.comparingLong(ConnectedStream::streamId))
        .toList();
  }

  private void update(long streamId, String typeUrl, java.util.function.UnaryOperator<TypeState> change) {
    Entry entry = streams.get(streamId);
    if (entry != null) {
      synchronized (entry) {
        entry.types().put(typeUrl, change.apply(entry.types().getOrDefault(typeUrl, TypeState.NONE)));
      }
      version.incrementAndGet();
    }
  }

  /** "envoy 1.31.0", "gRPC Java 1.85.0": the user agent name and version the node sent. */
  static String clientVersion(Node node) {
    String version = node.hasUserAgentBuildVersion()
        ? node.getUserAgentBuildVersion().getVersion().getMajorNumber() + "."
            + node.getUserAgentBuildVersion().getVersion().getMinorNumber() + "."
            + node.getUserAgentBuildVersion().getVersion().getPatch()
        : node.getUserAgentVersion();
    return (node.getUserAgentName() + " " + version).trim();
  }
}
