/**
 * The Envoy management service: xDS to sidecars and proxyless gRPC clients, driven by Pekko Typed
 * actors. {@code node} identifies who connects, {@code snapshot} turns a stored proxy config into
 * an xDS snapshot, {@code xds} serves snapshots over gRPC, {@code actors} owns the moving parts.
 */
package dev.meshplane.envoy;
