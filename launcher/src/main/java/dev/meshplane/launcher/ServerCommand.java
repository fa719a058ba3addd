package dev.meshplane.launcher;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meshplane server}: the all-in-one server on embedded stores (SQLite files in the data
 * directory). Each option can also come from the environment variable named in its help.
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the all-in-one server on embedded stores.")
public final class ServerCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = "${env:MESHPLANE_DATA_DIR:-./data}",
      description = "Directory of the embedded stores (env MESHPLANE_DATA_DIR, default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--api-port",
      defaultValue = "${env:MESHPLANE_API_PORT:-7080}",
      description = "Port of the App Mesh REST API (env MESHPLANE_API_PORT, default ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--xds-port",
      defaultValue = "${env:MESHPLANE_XDS_PORT:-7081}",
      description = "Port of the xDS server for Envoy and gRPC clients (env MESHPLANE_XDS_PORT, default ${DEFAULT-VALUE}).")
  int xdsPort;

  @Option(
      names = "--bind",
      defaultValue = "${env:MESHPLANE_BIND:-127.0.0.1}",
      description = "Address to listen on (env MESHPLANE_BIND, default ${DEFAULT-VALUE}).")
  String bind;

  @Mixin AccountOptions account;

  @Mixin ApiTlsOptions apiTls;

  @Mixin XdsTlsOptions xdsTls;

  @Mixin AuthOptions auth;

  @Mixin CertificateOptions certificates;

  @Mixin SdsSourceOption sdsSource;

  @Option(
      names = "--xds-allow-unauthenticated",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "${env:MESHPLANE_XDS_ALLOW_UNAUTHENTICATED:-true}",
      description = "Serve xDS to clients that prove no identity, for any node; the embedded default for a laptop."
          + " =false requires a client certificate or SigV4 (env MESHPLANE_XDS_ALLOW_UNAUTHENTICATED, default ${DEFAULT-VALUE}).")
  boolean xdsAllowUnauthenticated;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dataDir);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("micronaut.server.port", apiPort);
    properties.put("micronaut.server.host", bind);
    properties.put("meshplane.data-dir", dataDir.toAbsolutePath().toString());
    properties.put("meshplane.xds-port", xdsPort);
    properties.putAll(account.properties());
    properties.putAll(apiTls.properties(apiPort));
    properties.putAll(auth.properties());
    properties.putAll(xdsTls.properties());
    properties.putAll(certificates.properties());
    properties.putAll(sdsSource.properties());
    properties.put(XdsSecuritySettings.XDS_ALLOW_UNAUTHENTICATED, xdsAllowUnauthenticated);
    ApplicationContext context =
        ApplicationContext.builder().properties(properties).singletons(ProcessMetrics.newRegistry()).start();
    AllInOne services = AllInOne.start(context, bind, xdsPort);
    EmbeddedServer server = services.api();
    String scheme = apiTls.enabled() ? "https" : "http";
    System.out.printf(
        "Meshplane is up: App Mesh API on %s://%s:%d (aws appmesh ... --endpoint-url %s://%s:%d),"
            + " xDS on %s:%d (%s, %s), data in %s%n",
        scheme, bind, server.getPort(), scheme, bind, server.getPort(), bind, services.xdsPort(),
        xdsTls.enabled() ? "TLS" : "plaintext",
        xdsAllowUnauthenticated ? "unauthenticated allowed" : "authentication required", dataDir.toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      services.close();
      context.close();
      stopped.countDown();
    }, "meshplane-shutdown"));
    stopped.await();
    return 0;
  }
}
