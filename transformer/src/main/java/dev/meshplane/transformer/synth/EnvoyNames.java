package dev.meshplane.transformer.synth;

import dev.meshplane.model.vocabulary.Protocol;
import dev.meshplane.transformer.synth.resolve.TargetNode;

/**
 * The names App Mesh gave Envoy resources; its users' dashboards and alerts query them, so they
 * are kept exactly.
 */
public final class EnvoyNames {
  public static final int INGRESS_PORT = 15000;
  public static final int EGRESS_PORT = 15001;
  public static final String INGRESS_LISTENER = "lds_ingress_0.0.0.0_" + INGRESS_PORT;
  public static final String EGRESS_LISTENER = "lds_egress_0.0.0.0_" + EGRESS_PORT;
  public static final String EGRESS_ROUTES = "rds_egress_http_" + EGRESS_PORT;
  /** Original-destination cluster for ALLOW_ALL and for DROP_ALL's {@code *.amazonaws.com}. */
  public static final String PASSTHROUGH_CLUSTER = "cds_egress_passthrough";

  private EnvoyNames() {}

  public static String ingressRoutes(int port) {
    return "rds_ingress_http_" + port;
  }

  public static String ingressCluster(String mesh, String node, Protocol protocol, int port) {
    return "cds_ingress_" + mesh + "_" + node + "_" + protocol.wireName() + "_" + port;
  }

  public static String egressCluster(String mesh, TargetNode target) {
    return "cds_egress_" + mesh + "_" + target.nodeName() + "_" + target.protocol().wireName() + "_" + target.port();
  }

  public static String gatewayListener(int port) {
    return "lds_ingress_0.0.0.0_" + port;
  }

  /** The route configuration behind a proxyless client's API listeners for one service port. */
  public static String proxylessRoutes(String virtualService, int port) {
    return "rds_egress_" + virtualService + "_" + port;
  }
}
