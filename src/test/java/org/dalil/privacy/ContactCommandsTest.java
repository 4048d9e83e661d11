package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.dalil.store.ContactDao;
import org.dalil.store.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code dalil export-contact} and {@code dalil erase}, on real PostgreSQL. */
class ContactCommandsTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private PrintStream out() {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  private PrintStream err() {
    return new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  @Test
  void exportsThenErasesOnlyWithYes() {
    PrivacyFixture f = new PrivacyFixture(db.database(), PrivacyContent.minimal(), Instant.now());
    String phone = PrivacyFixture.newPhone();
    f.write("whatsapp", "whatsapp:" + phone, "hello CLI-MARKER");

    assertEquals(ContactCommands.OK, ContactCommands.export(f.jdbi(), "whatsapp", phone, out(), err()));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("hello CLI-MARKER"));

    assertEquals(ContactCommands.USAGE, ContactCommands.erase(f.jdbi(), "whatsapp", phone, false, out(), err()));
    assertTrue(f.jdbi().withExtension(ContactDao.class, d -> d.findId("whatsapp", "whatsapp:" + phone)).isPresent());

    assertEquals(ContactCommands.OK, ContactCommands.erase(f.jdbi(), "whatsapp", phone, true, out(), err()));
    assertEquals(Optional.empty(), f.jdbi().withExtension(ContactDao.class, d -> d.findId("whatsapp", "whatsapp:" + phone)));
    assertEquals(ContactCommands.NOT_FOUND, ContactCommands.erase(f.jdbi(), "whatsapp", phone, true, out(), err()));
    assertTrue(f.auditDetails("erase_contact").stream().anyMatch(d -> d.startsWith("from the command line")));
  }
}
