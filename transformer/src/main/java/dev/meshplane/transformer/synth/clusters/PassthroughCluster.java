package dev.meshplane.transformer.synth.clusters;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/** Sends a connection on to the address the application originally dialled (iptables redirect). */
public final class PassthroughCluster {
  private PassthroughCluster() {}

  /** The same for every proxy: one object, so the payload encoder serializes and hashes it once. */
  private static final Cluster CLUSTER = Cluster.newBuilder()
      .setName(EnvoyNames.PASSTHROUGH_CLUSTER)
      .setType(Cluster.DiscoveryType.ORIGINAL_DST)
      .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED)
      .build();

  public static String add(ProxyResources out) {
    out.add(CLUSTER);
    return EnvoyNames.PASSTHROUGH_CLUSTER;
  }
}
