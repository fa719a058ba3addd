package dev.meshplane.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * One all-in-one server over SQLite for every test of a class, and an App Mesh SDK client of it;
 * each test builds its own mesh (test classes run one after the other, so the fields are one class's).
 */
abstract class OneServerPerClass {
  @TempDir static Path dataDir;
  static RunningServer server;
  static AppMeshClient appMesh;

  @BeforeAll
  static void startServer() {
    server = RunningServer.onSqlite(dataDir);
    appMesh = server.client();
  }

  @AfterAll
  static void stopServer() {
    try {
      if (appMesh != null) {
        appMesh.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      appMesh = null;
      server = null;
    }
  }
}
