package dev.meshplane.launcher;

import dev.meshplane.store.BackupManifest;
import dev.meshplane.store.JdbcJournaledStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meshplane backup --to FILE}: an online backup of the journaled store, consistent at one
 * journal sequence, while the servers keep writing. Proxy configs are not in it: the transformer
 * rebuilds them from the restored resources.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Back up the journaled store (resources, references, journal) to a file, online and consistent.")
public final class BackupCommand implements Callable<Integer> {

  @Mixin StoreLocationOptions store;

  @Option(names = "--to", required = true, description = "The backup file to write (gzip'd JSON lines).")
  Path to;

  @Override
  public Integer call() throws Exception {
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    long started = System.nanoTime();
    BackupManifest manifest;
    try (JdbcJournaledStore journaled = store.open(); OutputStream out = Files.newOutputStream(partial)) {
      manifest = journaled.backupTo(out);
    }
    // a backup file that exists is complete: written aside, then moved into place
    Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.printf("Backed up %s at journal sequence %d: %d rows (%s) in %d ms to %s (%d bytes)%n",
        store.describe(), manifest.journalSeq(), manifest.totalRows(), manifest.rows(),
        (System.nanoTime() - started) / 1_000_000, to, Files.size(to));
    return 0;
  }
}
