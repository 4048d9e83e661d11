package org.dalil.store;

import java.nio.file.Path;
import org.dalil.privacy.AddressKeys;

/**
 * Where the database is. With {@code url} null, Dalil runs an embedded PostgreSQL whose files are
 * kept in {@code embeddedDataDir}.
 *
 * @param url a {@code jdbc:postgresql://} URL, or null for the embedded database
 * @param user null when the URL carries it (or for the embedded database)
 * @param password null when the URL carries it (or for the embedded database)
 * @param embeddedDataDir the embedded database's data directory; unused with a URL
 * @param addressKeys the keys protecting contacts' addresses ({@code DALIL_SECRET_KEY}); null: the
 *     embedded database uses a key generated once into its data directory's parent, and a server
 *     database cannot be opened
 */
public record DatabaseSettings(String url, String user, String password, Path embeddedDataDir, AddressKeys addressKeys) {

  public static final Path DEFAULT_EMBEDDED_DATA_DIR = Path.of("data", "postgres");

  public DatabaseSettings {
    if (url == null && embeddedDataDir == null) {
      embeddedDataDir = DEFAULT_EMBEDDED_DATA_DIR;
    }
  }

  public DatabaseSettings(String url, String user, String password, Path embeddedDataDir) {
    this(url, user, password, embeddedDataDir, null);
  }

  /** The same place, with the address keys given. */
  public DatabaseSettings withAddressKeys(AddressKeys keys) {
    return new DatabaseSettings(url, user, password, embeddedDataDir, keys);
  }

  public static DatabaseSettings embedded(Path dataDir) {
    return new DatabaseSettings(null, null, null, dataDir);
  }

  public static DatabaseSettings server(String url, String user, String password) {
    return new DatabaseSettings(url, user, password, null);
  }

  public boolean isEmbedded() {
    return url == null;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return isEmbedded()
        ? "DatabaseSettings[embedded, dataDir=" + embeddedDataDir + "]"
        : "DatabaseSettings[server, user=" + user + "]";
  }
}
