package dev.meshplane.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * SQL over {@code store_keys}: random keys made once per store, by whichever process asks first,
 * and read by every other process on the same store (the frontends behind one load balancer).
 */
final class StoreKeyTable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int KEY_BYTES = 32;

  /** The key for {@code purpose}, made now when there is none yet; only inside a write transaction. */
  byte[] getOrCreate(Connection connection, String purpose) throws SQLException {
    byte[] fresh = new byte[KEY_BYTES];
    RANDOM.nextBytes(fresh);
    // ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike): a concurrent first maker wins, both read its key.
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO store_keys (purpose, key_hex) VALUES (?, ?) ON CONFLICT (purpose) DO NOTHING")) {
      insert.setString(1, purpose);
      insert.setString(2, HexFormat.of().formatHex(fresh));
      insert.executeUpdate();
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT key_hex FROM store_keys WHERE purpose = ?")) {
      select.setString(1, purpose);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("store_keys has no row for " + purpose + " after inserting it");
        }
        return HexFormat.of().parseHex(rows.getString(1));
      }
    }
  }
}
