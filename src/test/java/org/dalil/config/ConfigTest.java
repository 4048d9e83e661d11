package org.dalil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;
  Map<String, String> env;

  @BeforeEach
  void contentDirectories() throws Exception {
    Files.createDirectories(dir.resolve("flows"));
    Files.createDirectories(dir.resolve("i18n"));
    env = new HashMap<>();
    env.put(Config.FLOWS_DIR, dir.resolve("flows").toString());
    env.put(Config.I18N_DIR, dir.resolve("i18n").toString());
    env.put(Config.DATA_DIR, dir.resolve("data").toString());
  }

  @Test
  void defaultsGiveTheEmbeddedDatabaseWithTheSimulator() {
    Config c = Config.from(env);
    assertEquals(7070, c.port());
    assertTrue(c.embeddedDatabase());
    assertNull(c.databaseUrl());
    assertTrue(c.simulator());
    assertEquals("http://localhost:7070", c.publicUrl().toString());
  }

  @Test
  void anExternalDatabaseTurnsTheSimulatorOffUnlessAsked() {
    env.put(Config.DATABASE_URL, "jdbc:postgresql://db.example:5432/dalil");
    assertFalse(Config.from(env).simulator());
    env.put(Config.SIMULATOR, "true");
    assertTrue(Config.from(env).simulator());
  }

  @Test
  void aHostingStyleUrlBecomesJdbc() {
    env.put(Config.DATABASE_URL, "postgres://dalil:s3cret@db.example:6543/helpline");
    assertEquals("jdbc:postgresql://db.example:6543/helpline?user=dalil&password=s3cret",
        Config.from(env).databaseUrl());
  }

  @Test
  void aPortThatIsNotANumberNamesTheVariable() {
    env.put(Config.PORT, "seventy");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
    assertEquals(Config.PORT, e.variable());
    assertTrue(e.getMessage().startsWith("DALIL_PORT: "), e.getMessage());
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    env.put(Config.PORT, "70000");
    assertEquals(Config.PORT, assertThrows(ConfigException.class, () -> Config.from(env)).variable());
  }

  @Test
  void anotherDatabaseThanPostgresqlIsRefusedWithoutEchoingTheUrl() {
    env.put(Config.DATABASE_URL, "jdbc:mysql://u:secret@h/db");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
    assertEquals(Config.DATABASE_URL, e.variable());
    assertFalse(e.getMessage().contains("secret"));
  }

  @Test
  void aRelativePublicUrlIsRefusedAndATrailingSlashDropped() {
    env.put(Config.PUBLIC_URL, "dalil.example.org");
    assertEquals(Config.PUBLIC_URL, assertThrows(ConfigException.class, () -> Config.from(env)).variable());
    env.put(Config.PUBLIC_URL, "https://dalil.example.org/");
    assertEquals("https://dalil.example.org", Config.from(env).publicUrl().toString());
  }

  @Test
  void aMissingFlowsDirectoryIsNamed() {
    env.put(Config.FLOWS_DIR, dir.resolve("nowhere").toString());
    assertEquals(Config.FLOWS_DIR, assertThrows(ConfigException.class, () -> Config.from(env)).variable());
  }

  @Test
  void aBooleanMustBeOne() {
    env.put(Config.SIMULATOR, "maybe");
    assertEquals(Config.SIMULATOR, assertThrows(ConfigException.class, () -> Config.from(env)).variable());
  }

  @Test
  void aUserWithoutUrlIsAMistake() {
    env.put(Config.DATABASE_USER, "dalil");
    assertEquals(Config.DATABASE_USER, assertThrows(ConfigException.class, () -> Config.from(env)).variable());
  }
}
