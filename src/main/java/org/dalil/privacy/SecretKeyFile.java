package org.dalil.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret key of an installation that runs on the embedded database without {@code
 * DALIL_SECRET_KEY}: generated once into the data directory, readable by its owner only, and read
 * back at every start. A server database never gets one: its operator must set the variable, since
 * a key generated on one instance would not be known to the others.
 */
public final class SecretKeyFile {
  private static final Logger log = LoggerFactory.getLogger(SecretKeyFile.class);
  public static final String NAME = "secret-key";

  private SecretKeyFile() {}

  /** The file's place in Dalil's data directory (the parent of the embedded PostgreSQL's). */
  public static Path in(Path dataDir) {
    return dataDir.resolve(NAME);
  }

  /** The secret written in {@code file}, if there is one. */
  public static Optional<String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the secret key file " + file, e);
    }
  }

  /** The secret of {@code file}, generating it (mode 600) when there is none yet. */
  public static String loadOrCreate(Path file) {
    Optional<String> existing = read(file);
    if (existing.isPresent()) {
      log.info("addresses protected with the secret key of {} (DALIL_SECRET_KEY is not set)", file);
      return existing.get();
    }
    String secret = AddressKeys.newSecret();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileAttribute<?>[] ownerOnly = file.getFileSystem().supportedFileAttributeViews().contains("posix")
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
          : new FileAttribute<?>[0];
      Files.createFile(file, ownerOnly);
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      // Another start won the race: use its key.
      return read(file).orElseThrow(() -> new IllegalStateException("the secret key file " + file + " is empty"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the secret key file " + file, e);
    }
    log.warn("DALIL_SECRET_KEY is not set: generated a secret key for the contacts' addresses in {} (mode 600). "
        + "Back it up apart from the database: without it the addresses cannot be read.", file);
    return secret;
  }
}
