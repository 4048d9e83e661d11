package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dalil.store.ContactDao;
import org.dalil.store.Database;
import org.dalil.store.DatabaseException;
import org.dalil.store.DatabaseSettings;
import org.dalil.store.TestDatabaseExtension;
import org.dalil.store.TestDatabases;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Addresses in the database: hashed to be found, encrypted to be read, never in clear; keys rotate. */
class AddressProtectionTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final String NEW_SECRET = "the-next-secret-key-after-rotation-0123456789";

  @TempDir Path dir;

  private static Jdbi jdbi() {
    return db.database().jdbi();
  }

  private static String phone() {
    return "+2126" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
  }

  private static Map<String, Object> row(Jdbi jdbi, long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM contacts WHERE id = :id").bind("id", id).mapToMap().one());
  }

  @Test
  void theRowHoldsAHashAndACiphertextNeverTheAddress() {
    String phone = phone();
    long id = jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", phone));

    Map<String, Object> row = row(jdbi(), id);
    assertFalse(row.containsKey("address"), "no clear column: " + row.keySet());
    String digits = phone.substring(4);
    for (Map.Entry<String, Object> column : row.entrySet()) {
      assertFalse(String.valueOf(column.getValue()).contains(digits), column.getKey() + " holds the number");
    }
    assertEquals(TestDatabases.addressHash("sms", phone), row.get("address_hash"));
    assertEquals(TestDatabases.ADDRESS_KEYS.currentId(), row.get("address_key"));
    assertEquals(Optional.of(phone), jdbi().withExtension(ContactDao.class, d -> d.address(id)));
    assertEquals(Map.of(id, phone), addresses(jdbi(), id));
  }

  /** The clear addresses the outbox would hand to its senders. */
  private static Map<Long, String> addresses(Jdbi jdbi, long... ids) {
    Map<Long, String> out = new HashMap<>();
    jdbi.withExtension(ContactDao.class, d -> d.recipients(ids)).forEach((id, r) -> out.put(id, r.address()));
    return out;
  }

  @Test
  void afterARotationOldRowsAreFoundReadAndMovedToTheNewKey() {
    String first = phone();
    String second = phone();
    long a = jdbi().withExtension(ContactDao.class, d -> d.upsert("whatsapp", first));
    long b = jdbi().withExtension(ContactDao.class, d -> d.upsert("whatsapp", second));

    // The operator sets a new DALIL_SECRET_KEY and moves the old one to DALIL_PREVIOUS_SECRET_KEYS.
    AddressKeys rotated = AddressKeys.of(NEW_SECRET, List.of(TestDatabases.SECRET_KEY));
    try (Database next = Database.open(db.testDatabase().settings().withAddressKeys(rotated))) {
      Jdbi j = next.jdbi();
      assertEquals(Optional.of(a), j.withExtension(ContactDao.class, d -> d.findId("whatsapp", first)));
      assertEquals(Optional.of(second), j.withExtension(ContactDao.class, d -> d.address(b)));
      // A message from the first contact: the same contact, moved to the new key on the way.
      assertEquals(a, (long) j.inTransaction(h -> h.attach(ContactDao.class).upsert("whatsapp", first)));
      assertEquals(rotated.currentId(), row(j, a).get("address_key"));

      AddressKeyRotation rotation = new AddressKeyRotation(j);
      assertTrue(rotation.remaining().containsKey(TestDatabases.ADDRESS_KEYS.currentId()));
      assertTrue(rotation.run() >= 1);
      assertEquals(Map.of(), rotation.remaining());
      assertEquals(rotated.currentId(), row(j, b).get("address_key"));
    }
    // Now the new key alone reads everything, and the old one alone reads nothing.
    try (Database only = Database.open(db.testDatabase().settings().withAddressKeys(AddressKeys.of(NEW_SECRET)))) {
      assertEquals(Map.of(a, first, b, second), addresses(only.jdbi(), a, b));
    }
    assertEquals(Map.of(), addresses(jdbi(), a, b));
    assertEquals(Optional.empty(), jdbi().withExtension(ContactDao.class, d -> d.findId("whatsapp", first)));
  }

  @Test
  void addressesStoredInClearBeforeThisVersionAreProtectedByTheMigration() {
    try (TestDatabases.EmptyDatabase empty = TestDatabases.createEmpty()) {
      DatabaseSettings s = empty.settings();
      // The schema as it was before the addresses were protected, with contacts in it.
      Flyway.configure().dataSource(s.url(), s.user(), s.password()).locations("classpath:db/migration").target("8")
          .load().migrate();
      java.util.Properties login = new java.util.Properties();
      if (s.user() != null) {
        login.setProperty("user", s.user());
      }
      if (s.password() != null) {
        login.setProperty("password", s.password());
      }
      Jdbi raw = Jdbi.create(() -> java.sql.DriverManager.getConnection(s.url(), login));
      long id = raw.withHandle(h -> h.createQuery("""
              INSERT INTO contacts (channel, address, address_masked) VALUES ('telegram', '5087351234', '•••234')
              RETURNING id""").mapTo(Long.class).one());

      try (Database database = Database.open(s)) {
        Jdbi j = database.jdbi();
        Map<String, Object> row = row(j, id);
        assertFalse(row.containsKey("address"));
        assertFalse(row.values().stream().anyMatch(v -> String.valueOf(v).contains("5087351234")), row.toString());
        assertEquals(Optional.of(id), j.withExtension(ContactDao.class, d -> d.findId("telegram", "5087351234")));
        assertEquals(Optional.of("5087351234"), j.withExtension(ContactDao.class, d -> d.address(id)));
      }
    }
  }

  @Test
  void aServerDatabaseWithoutAKeyIsRefusedWithOneLineNamingTheVariable() {
    DatabaseSettings s = db.testDatabase().settings();
    DatabaseException e = assertThrows(DatabaseException.class,
        () -> Database.open(new DatabaseSettings(s.url(), s.user(), s.password(), null)));
    assertTrue(e.getMessage().contains("DALIL_SECRET_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void theServerRefusesToStartOnAServerDatabaseWithoutTheKey() {
    DatabaseSettings s = db.testDatabase().settings();
    org.dalil.config.Config config = new org.dalil.config.Config(0, s.url(), s.user(), s.password(),
        java.net.URI.create("http://localhost"), PrivacyContent.MINIMAL.resolve("flows"),
        PrivacyContent.MINIMAL.resolve("i18n"), dir.resolve("data"), false);
    org.dalil.config.ConfigException e = assertThrows(org.dalil.config.ConfigException.class,
        () -> org.dalil.web.App.start(config, Map.of()).close());
    assertEquals(PrivacySettings.SECRET_KEY, e.variable());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void theEmbeddedDatabaseGeneratesItsKeyOnceReadableByItsOwnerOnly() throws Exception {
    Path data = dir.resolve("data");
    long id;
    try (Database first = Database.open(DatabaseSettings.embedded(data.resolve("postgres")))) {
      id = first.jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", "+212611111111"));
    }
    Path file = SecretKeyFile.in(data);
    assertTrue(Files.isRegularFile(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String secret = Files.readString(file).strip();
    assertTrue(secret.length() >= AddressKeys.MIN_SECRET_LENGTH);

    try (Database again = Database.open(DatabaseSettings.embedded(data.resolve("postgres")))) {
      assertEquals(secret, Files.readString(file).strip(), "generated once");
      assertEquals(Optional.of("+212611111111"), again.jdbi().withExtension(ContactDao.class, d -> d.address(id)));
    }
    // Setting DALIL_SECRET_KEY later: rows under the generated key stay readable until re-encrypted.
    try (Database withKey = Database.open(DatabaseSettings.embedded(data.resolve("postgres"))
        .withAddressKeys(AddressKeys.of(NEW_SECRET)))) {
      assertEquals(Optional.of("+212611111111"), withKey.jdbi().withExtension(ContactDao.class, d -> d.address(id)));
      assertEquals(1, new AddressKeyRotation(withKey.jdbi()).run());
    }
  }
}
