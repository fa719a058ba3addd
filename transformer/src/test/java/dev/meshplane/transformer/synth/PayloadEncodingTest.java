package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.transformer.output.PayloadEncoder;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import dev.meshplane.transformer.output.ProxyConfigCodec;
import dev.meshplane.transformer.reconcile.ContentHash;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The payload assembled from encoded pieces ({@link PayloadEncoder}) is, for every proxy of every
 * golden scenario, byte for byte the protobuf encoding of its {@code StoredProxyConfig}, and its
 * content hash is what {@link ContentHash#of} reads from those bytes; a changed byte anywhere
 * changes the hash, which the reconciler's corruption check relies on.
 */
class PayloadEncodingTest {

  @TestFactory
  Stream<DynamicTest> assembledPayloadsAreTheProtobufEncoding() throws IOException {
    return GoldenFilesTest.scenarioDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      GoldenScenario scenario = GoldenScenario.load(dir);
      MeshGraph graph = new MeshGraphResolver().resolve(scenario.snapshot());
      ProxyConfigSynthesizer synthesizer = new ProxyConfigSynthesizer(scenario.options());
      // One encoder and one set of pieces for the whole scenario, as in a pass: shared pieces are encoded once.
      PayloadEncoder encoder = new PayloadEncoder();
      SharedPieces pieces = SharedPieces.perPass();
      Set<String> hashes = new HashSet<>();
      for (NodeProxy node : graph.nodes()) {
        ProxyConfig sidecar = synthesizer.node(node, ProxyKind.SIDECAR, pieces);
        Optional<ProxyConfig> proxyless = Optional.of(synthesizer.node(node, ProxyKind.PROXYLESS_GRPC, pieces));
        hashes.add(check(encoder, sidecar, proxyless));
        check(encoder, sidecar, Optional.empty());
      }
      graph.gateways().forEach(g -> hashes.add(check(encoder, synthesizer.gateway(g, pieces), Optional.empty())));
      assertThat(hashes).as("one hash per proxy").hasSize(graph.nodes().size() + graph.gateways().size());
    }));
  }

  private static String check(PayloadEncoder encoder, ProxyConfig sidecar, Optional<ProxyConfig> proxyless) {
    PayloadEncoder.Encoded encoded = encoder.encode(sidecar, proxyless);
    byte[] expected = StoredProxyConfigCodec.encode(ProxyConfigCodec.stored(sidecar, proxyless));
    assertThat(encoded.payload()).as("payload of %s", sidecar.key()).isEqualTo(expected);
    assertThat(encoded.contentHash()).as("hash of %s", sidecar.key()).isEqualTo(ContentHash.of(expected));
    for (int at = 0; at < expected.length; at += Math.max(1, expected.length / 97)) {
      byte[] corrupted = expected.clone();
      corrupted[at] ^= 0x20;
      assertThat(ContentHash.of(corrupted)).as("hash of %s with byte %d changed", sidecar.key(), at)
          .isNotEqualTo(encoded.contentHash());
    }
    return encoded.contentHash();
  }
}
