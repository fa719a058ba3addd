package dev.meshplane.transformer.synth.clusters;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.LocalListener;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

/**
 * The cluster from a node's proxy to its own application on the loopback address (127.0.0.1, or
 * ::1 under an IPv6 preference): static, with the
 * listener's connection pool as circuit breakers (App Mesh applied listener pools here).
 */
public final class LocalAppClusters {
  private LocalAppClusters() {}

  public static String add(NodeProxy node, LocalListener listener, ProxyResources out) {
    String name = EnvoyNames.ingressCluster(node.mesh(), node.name(), listener.protocol(), listener.port());
    Cluster.Builder cluster = Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.STATIC)
        .setLoadAssignment(ClusterLoadAssignment.newBuilder()
            .setClusterName(name)
            .addEndpoints(LocalityLbEndpoints.newBuilder()
                .setLoadBalancingWeight(Protos.uint32(1))
                .addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder()
                    .setAddress(UpstreamClusters.socket(node.addresses().localApplication(), listener.port()))))))
        .setCircuitBreakers(ClusterPolicies.circuitBreakers(listener.connectionLimits()));
    ClusterPolicies.protocolOptions(listener.protocol(), cluster);
    out.add(cluster.build());
    return name;
  }
}
