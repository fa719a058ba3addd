/**
 * The Envoy management service: xDS to sidecars and proxyless gRPC clients, driven by Pekko Typed
 * actors (see docs/architecture.md). Its code arrives with the management issue; the module exists
 * so the build and layout are settled.
 */
package dev.meshplane.envoy;
