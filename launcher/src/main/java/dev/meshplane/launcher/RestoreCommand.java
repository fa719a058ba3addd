package dev.meshplane.launcher;

import dev.meshplane.frontend.rules.RulesRegistry;
import dev.meshplane.frontend.rules.StoredSpecReferences;
import dev.meshplane.store.BackupFileException;
import dev.meshplane.store.BackupManifest;
import dev.meshplane.store.JdbcJournaledStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meshplane restore --from FILE [--to-seq N]}: fills an empty store from a backup, whole or
 * as it was right after journal sequence N. Start the servers on it afterwards; the transformer
 * rebuilds every proxy config from the restored resources.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore a backup into an empty store, whole or as of a journal sequence (point in time).")
public final class RestoreCommand implements Callable<Integer> {

  @Mixin StoreLocationOptions store;

  @Option(names = "--from", required = true, description = "The backup file written by meshplane backup.")
  Path from;

  @Option(names = "--to-seq",
      description = "Restore the store as it was right after this journal sequence (default: all the backup holds).")
  Long toSeq;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    try (JdbcJournaledStore journaled = store.open(); InputStream in = Files.newInputStream(from)) {
      BackupManifest restored =
          journaled.restoreFrom(in, toSeq, new StoredSpecReferences(RulesRegistry.standard()));
      System.out.printf("Restored %s into %s at journal sequence %d: %d rows (%s) in %d ms%n",
          from, store.describe(), restored.journalSeq(), restored.totalRows(), restored.rows(),
          (System.nanoTime() - started) / 1_000_000);
      return 0;
    } catch (BackupFileException refused) {
      System.err.println("restore: " + refused.getMessage());
      return 2;
    }
  }
}
