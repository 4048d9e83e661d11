package org.dalil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.dalil.privacy.AddressKeys;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration 8.1: the addresses stored in clear before {@code V8__privacy.sql} are hashed and
 * encrypted with the installation's key, and the clear column is dropped. Java, because the key
 * is configuration that SQL files cannot see; given to Flyway as an instance by {@link Database}.
 */
final class AddressProtectionMigration implements JavaMigration {
  private static final Logger log = LoggerFactory.getLogger(AddressProtectionMigration.class);

  private final AddressKeys keys;

  AddressProtectionMigration(AddressKeys keys) {
    this.keys = keys;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("8.1");
  }

  @Override
  public String getDescription() {
    return "protect addresses";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    int protectedRows = 0;
    try (Statement select = c.createStatement();
        ResultSet rows = select.executeQuery("SELECT id, channel, address FROM contacts WHERE address IS NOT NULL FOR UPDATE");
        PreparedStatement update = c.prepareStatement(
            "UPDATE contacts SET address_hash = ?, address_secret = ?, address_key = ?, address = NULL WHERE id = ?")) {
      while (rows.next()) {
        String channel = rows.getString("channel");
        String address = rows.getString("address");
        String hash = keys.lookupHash(channel, address);
        update.setString(1, hash);
        update.setString(2, keys.encrypt(channel, hash, address));
        update.setString(3, keys.currentId());
        update.setLong(4, rows.getLong("id"));
        update.addBatch();
        protectedRows++;
      }
      update.executeBatch();
    }
    try (Statement ddl = c.createStatement()) {
      ddl.execute("""
          ALTER TABLE contacts
            DROP COLUMN address,
            ALTER COLUMN address_hash SET NOT NULL,
            ALTER COLUMN address_secret SET NOT NULL,
            ALTER COLUMN address_key SET NOT NULL,
            ADD CONSTRAINT contacts_channel_address_hash_key UNIQUE (channel, address_hash)""");
    }
    if (protectedRows > 0) {
      log.info("{} stored addresses hashed and encrypted; the clear column is gone", protectedRows);
    }
  }
}
