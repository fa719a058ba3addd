package dev.meshplane.frontend.security;

import dev.meshplane.auth.AccessKey;
import dev.meshplane.auth.AdminCredentials;
import dev.meshplane.auth.IamFileDirectory;
import dev.meshplane.auth.PrincipalDirectory;
import dev.meshplane.auth.StaticPrincipalDirectory;
import dev.meshplane.auth.sigv4.SigV4Verifier;
import dev.meshplane.frontend.api.ApiSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call the API. With {@code meshplane.iam-file} (env MESHPLANE_IAM_FILE, {@code --iam-file}):
 * the principals of that file, reloaded when it changes. Without: one admin principal allowed
 * everything, whose key is {@code meshplane.admin.access-key-id}/{@code .secret-access-key}
 * (env MESHPLANE_ADMIN_ACCESS_KEY_ID / MESHPLANE_ADMIN_SECRET_ACCESS_KEY) or else generated once
 * into {@code <data-dir>/admin-credentials}. Authentication itself is never off.
 */
@Factory
public class SecurityFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityFactory.class);
  /** AWS accepts a signature up to 15 minutes either side of its clock. */
  static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(15);

  @Singleton
  @Bean(preDestroy = "close")
  PrincipalSource principalSource(
      ApiSettings settings,
      @Nullable @Value("${meshplane.iam-file}") String iamFile,
      @Value("${meshplane.iam-file-poll-interval:2s}") Duration pollInterval,
      @Nullable @Value("${meshplane.admin.access-key-id}") String adminKeyId,
      @Nullable @Value("${meshplane.admin.secret-access-key}") String adminSecret,
      @Value("${meshplane.data-dir:./data}") String dataDir) {
    try {
      if (iamFile != null && !iamFile.isBlank()) {
        return new PrincipalSource(new IamFileDirectory(Path.of(iamFile), settings.accountId(), pollInterval));
      }
      return new PrincipalSource(StaticPrincipalDirectory.admin(adminKey(adminKeyId, adminSecret, Path.of(dataDir)), settings.accountId()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the principals: " + e.getMessage(), e);
    }
  }

  @Singleton
  SigV4Verifier sigV4Verifier(PrincipalSource principals, ApiSettings settings) {
    return new SigV4Verifier(principals.directory(), "appmesh", settings.region(), Clock.systemUTC(), SIGNATURE_WINDOW);
  }

  private static AccessKey adminKey(String id, String secret, Path dataDir) throws IOException {
    boolean hasId = id != null && !id.isBlank();
    boolean hasSecret = secret != null && !secret.isBlank();
    if (hasId != hasSecret) {
      throw new IllegalArgumentException("set both meshplane.admin.access-key-id and meshplane.admin.secret-access-key"
          + " (MESHPLANE_ADMIN_ACCESS_KEY_ID / MESHPLANE_ADMIN_SECRET_ACCESS_KEY), or neither");
    }
    if (hasId) {
      LOG.info("Admin principal: access key {} from configuration", id);
      return new AccessKey(id, secret);
    }
    AccessKey key = AdminCredentials.loadOrCreate(dataDir);
    Path file = dataDir.resolve(AdminCredentials.FILE_NAME).toAbsolutePath();
    LOG.info("Admin principal: access key {}, credentials in {} (use: export AWS_SHARED_CREDENTIALS_FILE={})", key.id(), file, file);
    return key;
  }

  /** The directory as a bean that can be closed (stopping the IAM file poller). */
  public record PrincipalSource(PrincipalDirectory directory) implements AutoCloseable {
    @Override
    public void close() {
      if (directory instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("closing {} failed", directory, e);
        }
      }
    }
  }
}
