package dev.meshplane.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Principals from an IAM file, reloaded when its content changes (polled: works the same on every
 * file system and for files replaced by rename, as editors and config-management tools do). A file
 * that fails to load at start throws; one that fails on reload is logged and the previous principals
 * are kept, so a typo never locks everyone out.
 */
public final class IamFileDirectory implements PrincipalDirectory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IamFileDirectory.class);

  private final Path file;
  private final String defaultAccount;
  private final AtomicReference<Map<String, Credentials>> current = new AtomicReference<>();
  private volatile byte[] loadedBytes;
  private final ScheduledExecutorService poller;

  /** Loads the file now (throwing IllegalArgumentException or IOException when it is unusable) and polls it every interval. */
  public IamFileDirectory(Path file, String defaultAccount, Duration pollInterval) throws IOException {
    this.file = file;
    this.defaultAccount = defaultAccount;
    byte[] bytes = Files.readAllBytes(file);
    current.set(IamFile.read(file, defaultAccount));
    loadedBytes = bytes;
    LOG.info("IAM file {}: {} access keys loaded", file, current.get().size());
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "iam-file-reload");
      t.setDaemon(true);
      return t;
    });
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Reloads when the content differs from what was last read; visible for tests. */
  public void reloadIfChanged() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.warn("IAM file {} cannot be read ({}); keeping the principals loaded before", file, e.toString());
      return;
    }
    if (Arrays.equals(bytes, loadedBytes)) {
      return;
    }
    loadedBytes = bytes;
    try {
      current.set(IamFile.read(file, defaultAccount));
      LOG.info("IAM file {} reloaded: {} access keys", file, current.get().size());
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("IAM file {} was changed but is not valid, keeping the principals loaded before: {}", file, e.getMessage());
    }
  }

  @Override
  public Optional<Credentials> byAccessKeyId(String accessKeyId) {
    return Optional.ofNullable(current.get().get(accessKeyId));
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
