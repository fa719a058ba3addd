package dev.meshplane.transformer.synth.resolve;

/**
 * Circuit-breaker limits. App Mesh left Envoy's breakers effectively off (every maximum
 * 2147483647); a declared connection pool lowers only the limits it names.
 */
public record ConnectionLimits(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
  public static final int UNLIMITED = Integer.MAX_VALUE;
  public static final ConnectionLimits APP_MESH_DEFAULT =
      new ConnectionLimits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);

  /** The tighter of two sets of limits, limit by limit. */
  public ConnectionLimits tightest(ConnectionLimits other) {
    return new ConnectionLimits(
        Math.min(maxConnections, other.maxConnections),
        Math.min(maxPendingRequests, other.maxPendingRequests),
        Math.min(maxRequests, other.maxRequests),
        Math.min(maxRetries, other.maxRetries));
  }
}
