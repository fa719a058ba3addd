package dev.meshplane.envoy.node;

import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads who a connecting node says it is, in this server's region and account: {@code node.id} is
 * the proxy's ARN ({@code arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualNode/<name>}), its
 * short form ({@code mesh/<mesh>/virtualNode/<name>}), or the App Mesh controller's shared-mesh form
 * ({@code mesh/<mesh>@<owner account>/virtualNode/<name>}); virtual gateways alike.
 *
 * <p>Every ARN this server issues carries its region and account, so an ARN or owner naming another
 * one is a proxy of another mesh with the same name: it is refused, never served the local config.
 */
public final class NodeIdentity {
  private static final String EXPECTED = "expected mesh/<mesh>/virtualNode/<name>, its ARN,"
      + " or mesh/<mesh>@<owner>/virtualNode/<name>";
  /** The controller's form: the mesh segment carries {@code @<12-digit owner account>}. */
  private static final Pattern SHARED_MESH = Pattern.compile("^(mesh/[^/@]+)@([^/]*)(/.*)$");
  /** Longest id echoed in an error, so a client cannot make us log or send back megabytes. */
  private static final int MAX_ECHOED = 256;

  private final String region;
  private final String account;

  /** @param region and {@code account}: the ones in every ARN this server issues */
  public NodeIdentity(String region, String account) {
    this.region = Objects.requireNonNull(region, "region");
    this.account = Objects.requireNonNull(account, "account");
  }

  /** Throws {@link IllegalArgumentException} with a message for the client when the id names no proxy of this server. */
  public ProxyTarget identify(Node node) {
    return new ProxyTarget(proxy(node.getId()), ProxyVariant.of(node));
  }

  /** The virtual node or gateway {@code id} names; throws {@link IllegalArgumentException} as {@link #identify} does. */
  public ResourceId proxy(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("node.id is empty; " + EXPECTED);
    }
    String key = id;
    if (id.startsWith("arn:")) {
      String[] parts = id.split(":", 6);
      if (parts.length == 6 && (!parts[3].equals(region) || !parts[4].equals(account))) {
        throw new IllegalArgumentException("node.id \"" + echo(id) + "\" is in region " + echo(parts[3])
            + " and account " + echo(parts[4]) + "; this server's meshes are in region " + region
            + " and account " + account);
      }
    } else {
      Matcher shared = SHARED_MESH.matcher(id);
      if (shared.matches()) {
        if (!shared.group(2).equals(account)) {
          throw new IllegalArgumentException("node.id \"" + echo(id) + "\" names mesh owner " + echo(shared.group(2))
              + "; this server's meshes are owned by account " + account);
        }
        key = shared.group(1) + shared.group(3);
      }
    }
    return Arns.parse(key)
        .filter(r -> r.kind() == ResourceKind.VIRTUAL_NODE || r.kind() == ResourceKind.VIRTUAL_GATEWAY)
        .orElseThrow(() -> new IllegalArgumentException(
            "node.id \"" + echo(id) + "\" names no virtual node or virtual gateway; " + EXPECTED));
  }

  private static String echo(String text) {
    return text.length() <= MAX_ECHOED ? text : text.substring(0, MAX_ECHOED) + "...";
  }
}
