package dev.meshplane.launcher;

import dev.meshplane.store.JdbcJournaledStore;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Which journaled store a maintenance command opens: the embedded one in a data directory, or PostgreSQL. */
final class StoreLocationOptions {
  @Option(names = "--data-dir", defaultValue = "${env:MESHPLANE_DATA_DIR:-./data}",
      description = "Data directory of the all-in-one server's embedded store (env MESHPLANE_DATA_DIR, default ${DEFAULT-VALUE}); ignored with --postgres-url.")
  Path dataDir;

  @Option(names = "--postgres-url", defaultValue = "${env:MESHPLANE_POSTGRES_URL}",
      description = "JDBC URL of the journaled store in PostgreSQL (env MESHPLANE_POSTGRES_URL).")
  String postgresUrl;

  @Option(names = "--postgres-user", defaultValue = "${env:MESHPLANE_POSTGRES_USER}",
      description = "PostgreSQL user (env MESHPLANE_POSTGRES_USER).")
  String postgresUser;

  @Option(names = "--postgres-password", defaultValue = "${env:MESHPLANE_POSTGRES_PASSWORD}",
      description = "PostgreSQL password (env MESHPLANE_POSTGRES_PASSWORD).")
  String postgresPassword;

  JdbcJournaledStore open() {
    if (postgresUrl != null && !postgresUrl.isBlank()) {
      return JdbcJournaledStore.postgres(postgresUrl, postgresUser, postgresPassword, Clock.systemUTC());
    }
    return JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC());
  }

  String describe() {
    return postgresUrl != null && !postgresUrl.isBlank() ? postgresUrl : dataDir.toAbsolutePath().toString();
  }
}
