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

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dataDir);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("micronaut.server.port", apiPort);
    properties.put("micronaut.server.host", bind);
    properties.put("meshplane.data-dir", dataDir.toAbsolutePath().toString());
    properties.put("meshplane.xds-port", xdsPort);
    ApplicationContext context = ApplicationContext.builder().properties(properties).start();
    EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
    AllInOne services = AllInOne.start(context, bind, xdsPort);
    System.out.printf(
        "Meshplane is up: App Mesh API on http://%s:%d (aws appmesh ... --endpoint-url http://%s:%d),"
            + " xDS on %s:%d (plaintext), data in %s%n",
        bind, server.getPort(), bind, server.getPort(), bind, services.xdsPort(), dataDir.toAbsolutePath());
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
