package dev.meshplane.envoy.certs;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.time.Instant;

/**
 * A secret as fetched, with the validity window of its earliest-expiring certificate, which
 * decides when it is fetched again.
 */
public record FetchedSecret(Secret secret, Instant notBefore, Instant notAfter) {}
