/**
 * The synthesizer: a mesh snapshot into the Envoy v3 resources of each proxy, in two pure steps
 * after Envoy Gateway's example. {@link dev.meshplane.transformer.synth.resolve.MeshGraphResolver}
 * resolves the App Mesh resources into a small graph per proxy (references followed, App Mesh's
 * defaults applied, dangling references left out with a warning); {@link
 * dev.meshplane.transformer.synth.ProxyConfigSynthesizer} translates that graph into listeners,
 * route configurations, clusters, static endpoint assignments, endpoint resolution records and
 * secret references.
 *
 * <p><b>Proxy kinds.</b> The kind is an input of the synthesizer, not a property of the mesh: a
 * virtual node is the same App Mesh resource whether an Envoy sidecar or a proxyless gRPC
 * application connects for it, and only the connection tells which (the management service reads
 * the node's {@code user_agent_name}, with node metadata as an override). The transformer therefore
 * stores both variants of every virtual node ({@link ProxyKind#SIDECAR}: ingress and egress
 * listeners; {@link ProxyKind#PROXYLESS_GRPC}: API listeners named {@code <service>} and {@code
 * <service>:<port>} over the same routes and clusters); virtual gateways are always Envoys.
 *
 * <p><b>What the management service completes.</b> Every cluster of a target node is an EDS
 * cluster over ADS (the one type both Envoy and gRPC clients accept): literal-IP DNS targets come
 * with their ClusterLoadAssignment; for the others an {@link
 * dev.meshplane.transformer.synth.EndpointResolution} says what to resolve (DNS or Cloud Map).
 * SDS and ACM certificates are requested over ADS by name and listed as {@link
 * dev.meshplane.transformer.synth.SecretReference}s; file certificates are paths on the proxy.
 *
 * <p><b>Client-policy TLS for proxyless gRPC clients</b> (gRFC A29). gRPC clients read neither SDS
 * nor file paths from xDS, only certificate provider plugin instances declared in their bootstrap
 * ({@code certificate_providers}). {@link dev.meshplane.transformer.synth.tls.CertificateProviderTls}
 * therefore names an instance after each {@code file} source's certificateChain path: the trust's
 * path as {@code ca_certificate_provider_instance}, the client certificate's as {@code
 * tls_certificate_provider_instance}, the SAN list as {@code match_subject_alt_names} (the field
 * grpc-java reads). The application's bootstrap must declare instances of those names. {@code sds}
 * and {@code acm} sources cannot be served to a gRPC client: such a cluster gets no TLS and the
 * config a warning. Golden scenario {@code proxyless-client-tls}.
 */
package dev.meshplane.transformer.synth;
