/**
 * Who is on the other end of an xDS stream: TLS for the xDS port, the proven identity of each call
 * (a client certificate naming a node, or Envoy's SigV4-signed gRPC metadata), and the check that a
 * stream's node is that identity (or one its policies allow) before anything is sent.
 */
package dev.meshplane.envoy.security;
