package dev.meshplane.launcher;

import picocli.CommandLine.Option;

/** The journaled store in PostgreSQL, for the services at scale and the maintenance commands. */
final class PostgresOptions {
  @Option(names = "--postgres-url", defaultValue = "${env:MESHPLANE_POSTGRES_URL}",
      description = "JDBC URL of the journaled store in PostgreSQL (env MESHPLANE_POSTGRES_URL).")
  String url;

  @Option(names = "--postgres-user", defaultValue = "${env:MESHPLANE_POSTGRES_USER}",
      description = "PostgreSQL user (env MESHPLANE_POSTGRES_USER).")
  String user;

  @Option(names = "--postgres-password", defaultValue = "${env:MESHPLANE_POSTGRES_PASSWORD}",
      description = "PostgreSQL password (env MESHPLANE_POSTGRES_PASSWORD).")
  String password;

  boolean given() {
    return url != null && !url.isBlank();
  }
}
