package dev.meshplane.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin principal's key when no IAM file is given: from configuration if set, else generated once
 * and kept in {@code <data-dir>/admin-credentials} (mode 0600) in the AWS shared-credentials format,
 * so {@code AWS_SHARED_CREDENTIALS_FILE=<data-dir>/admin-credentials} works for the CLI and SDKs.
 */
public final class AdminCredentials {
  public static final String PRINCIPAL_NAME = "admin";
  public static final String FILE_NAME = "admin-credentials";
  private static final Pattern ID = Pattern.compile("(?m)^aws_access_key_id\\s*=\\s*(\\S+)\\s*$");
  private static final Pattern SECRET = Pattern.compile("(?m)^aws_secret_access_key\\s*=\\s*(\\S+)\\s*$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminCredentials() {}

  /** Reads the key from the file in dataDir, creating it with a new random key when absent. */
  public static AccessKey loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      Files.createDirectories(dataDir);
      AccessKey key = generate();
      String content = "# Meshplane admin principal (allowed everything). Use with AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath() + "\n"
          + "[default]\naws_access_key_id = " + key.id() + "\naws_secret_access_key = " + key.secret() + "\n";
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        return read(file); // another process won the race: use its key
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return key;
    }
    return read(file);
  }

  static AccessKey read(Path file) throws IOException {
    String content = Files.readString(file);
    Matcher id = ID.matcher(content);
    Matcher secret = SECRET.matcher(content);
    if (!id.find() || !secret.find()) {
      throw new IllegalArgumentException(file + ": expected aws_access_key_id and aws_secret_access_key lines; delete it to generate a new admin key");
    }
    return new AccessKey(id.group(1), secret.group(1));
  }

  /** An AWS-looking key: "AKIA" + 16 upper-case base32 characters, a 40-character secret. */
  public static AccessKey generate() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder id = new StringBuilder("AKIA");
    for (int i = 0; i < 16; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    byte[] secret = new byte[30];
    RANDOM.nextBytes(secret);
    return new AccessKey(id.toString(), Base64.getEncoder().encodeToString(secret));
  }
}
