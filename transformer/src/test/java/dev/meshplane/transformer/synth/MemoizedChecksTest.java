package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.meshplane.transformer.synth.check.CheckedResources;
import dev.meshplane.transformer.synth.check.StructuralChecks;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Structural checks with each resource's checks compiled once per content ({@link
 * CheckedResources}) find what checking every config afresh finds, in the same order: over every
 * golden scenario's configs, whole and broken in the ways a config can be (a cluster, route
 * configuration, secret or endpoint record missing; a listener twice), with one memo shared by all
 * of them, as one mesh's proxies share it.
 */
class MemoizedChecksTest {
  private static final List<UnaryOperator<ProxyConfig>> BREAKS = List.of(
      config -> config,
      config -> with(config, config.listeners(), drop(config.routeConfigurations()), drop(config.clusters()),
          config.clusterLoadAssignments(), config.endpointResolutions(), config.secrets()),
      config -> with(config, twice(config.listeners()), config.routeConfigurations(), config.clusters(), List.of(),
          List.of(), List.of()));

  @Test
  void memoizedChecksFindWhatFreshChecksFind() throws Exception {
    CheckedResources memo = new CheckedResources(MemoizedChecksTest::digest);
    int violations = 0;
    int configs = 0;
    for (Path dir : GoldenFilesTest.scenarioDirs()) {
      GoldenScenario scenario = GoldenScenario.load(dir);
      ProxyConfigSynthesizer synthesizer = new ProxyConfigSynthesizer(scenario.options());
      var graph = new MeshGraphResolver().resolve(scenario.snapshot());
      for (ProxyKind kind : ProxyKind.values()) {
        for (ProxyConfig synthesized : synthesizer.synthesize(graph, kind)) {
          for (UnaryOperator<ProxyConfig> breaking : BREAKS) {
            ProxyConfig config = breaking.apply(synthesized);
            List<String> fresh = StructuralChecks.check(config);
            assertThat(StructuralChecks.check(config, memo)).as("%s %s", dir.getFileName(), config.key())
                .isEqualTo(fresh);
            violations += fresh.size();
            configs++;
          }
        }
      }
    }
    assertThat(configs).isGreaterThan(100);
    assertThat(violations).as("the broken configs are found broken").isGreaterThan(configs / 3);
  }

  @Test
  void aSharedResourceThatFailsIsRefusedInEveryConfigThatIncludesIt() {
    // An EDS cluster whose protocol options hold the wrong type: wrong in itself, whoever includes it.
    Cluster wrong = Cluster.newBuilder().setName("c").setType(Cluster.DiscoveryType.EDS)
        .putTypedExtensionProtocolOptions("envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
            Any.pack(Cluster.getDefaultInstance()))
        .build();
    CheckedResources memo = new CheckedResources(MemoizedChecksTest::digest);
    ClusterLoadAssignment endpoints = ClusterLoadAssignment.newBuilder().setClusterName("c").build();
    ProxyConfig first = config("a", List.of(wrong), List.of(endpoints));
    ProxyConfig second = config("b", List.of(wrong.toBuilder().build()), List.of());

    String wrongType = "cluster c envoy.extensions.upstreams.http.v3.HttpProtocolOptions: type "
        + "type.googleapis.com/envoy.config.cluster.v3.Cluster, expected "
        + "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    assertThat(StructuralChecks.check(first, memo)).containsExactly(wrongType);
    // The same bytes, compiled once: still refused, and the reference its own config answers
    // (endpoints for the EDS cluster) is judged against that config, not the first one.
    assertThat(StructuralChecks.check(second, memo)).containsExactly(
        "cluster c: EDS cluster without endpoints or a resolution record", wrongType);
    assertThat(StructuralChecks.check(first, memo)).containsExactly(wrongType);
  }

  private static ProxyConfig config(String name, List<Cluster> clusters, List<ClusterLoadAssignment> assignments) {
    return new ProxyConfig("mesh/m/virtualNode/" + name, ProxyKind.SIDECAR, List.of(), List.of(), clusters,
        assignments, List.of(), List.of(), List.of());
  }

  private static ProxyConfig with(ProxyConfig config, List<io.envoyproxy.envoy.config.listener.v3.Listener> listeners,
      List<io.envoyproxy.envoy.config.route.v3.RouteConfiguration> routes, List<Cluster> clusters,
      List<ClusterLoadAssignment> assignments, List<EndpointResolution> resolutions, List<SecretReference> secrets) {
    return new ProxyConfig(config.key(), config.kind(), listeners, routes, clusters, assignments, resolutions, secrets,
        config.warnings());
  }

  private static <T> List<T> drop(List<T> list) {
    return list.isEmpty() ? list : list.subList(1, list.size());
  }

  private static <T> List<T> twice(List<T> list) {
    List<T> twice = new ArrayList<>(list);
    twice.addAll(list);
    return twice;
  }

  /** A content digest, as the payload encoder gives: the resource's bytes (a virtual host's, or its Any's). */
  private static byte[] digest(Object resource) {
    try {
      Message message = (Message) resource;
      byte[] bytes = resource instanceof VirtualHost ? message.toByteArray() : Any.pack(message).toByteArray();
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
