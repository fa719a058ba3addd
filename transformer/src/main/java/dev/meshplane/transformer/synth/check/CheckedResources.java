package dev.meshplane.transformer.synth.check;

import com.google.protobuf.ByteString;
import dev.meshplane.transformer.synth.LastPassCache;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.check.StructuralChecks.Step;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The compiled checks of resources ({@link StructuralChecks}), kept by the resource's content
 * digest and the proxy kind: a resource with the same bytes compiles to the same steps, so a
 * piece many proxies include (a backend's virtual host, its clusters) and a resource equal to
 * one an earlier pass checked are compiled once. Each proxy still replays the steps against its
 * own names, so a piece that fails is refused in every config that includes it. Kept across passes
 * like the synthesis memo's other caches ({@link LastPassCache}). Not thread-safe.
 */
public final class CheckedResources {
  private static final CheckedResources NONE = new CheckedResources(resource -> null);

  /** A resource's content digest (e.g. SHA-256 of its encoded bytes), or null when unknown. */
  private final Function<Object, byte[]> digests;
  private final LastPassCache<Key, List<Step>> compiled = new LastPassCache<>(HashMap::new);

  private record Key(ProxyKind kind, Class<?> type, ByteString digest) {}

  /** Keyed by the digests {@code digests} gives (null: not known, compiled afresh and not kept). */
  public CheckedResources(Function<Object, byte[]> digests) {
    this.digests = digests;
  }

  /** Nothing kept: every resource compiled afresh. */
  public static CheckedResources none() {
    return NONE;
  }

  /** Drops, from now on, what no pass has used since the last full pass started. */
  public void startFullPass() {
    compiled.startFullPass();
  }

  List<Step> steps(ProxyKind kind, Object resource, Supplier<List<Step>> compile) {
    byte[] digest = digests.apply(resource);
    if (digest == null) {
      return compile.get();
    }
    return compiled.computeIfAbsent(new Key(kind, resource.getClass(), ByteString.copyFrom(digest)), k -> compile.get());
  }
}
