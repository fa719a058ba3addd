package dev.meshplane.launcher;

import dev.meshplane.store.JdbcJournaledStore;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which journaled store a maintenance command opens: the embedded one in a data directory, or PostgreSQL. */
final class StoreLocationOptions {
  @Option(names = "--data-dir", defaultValue = "${env:MESHPLANE_DATA_DIR:-./data}",
      description = "Data directory of the all-in-one server's embedded store (env MESHPLANE_DATA_DIR, default ${DEFAULT-VALUE}); ignored with --postgres-url.")
  Path dataDir;

  @Mixin PostgresOptions postgres;

  JdbcJournaledStore open() {
    if (postgres.given()) {
      return JdbcJournaledStore.postgres(postgres.url, postgres.user, postgres.password, Clock.systemUTC());
    }
    return JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC());
  }

  String describe() {
    return postgres.given() ? postgres.url : dataDir.toAbsolutePath().toString();
  }
}
