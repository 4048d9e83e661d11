package org.dalil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process, on real binaries shipped in a jar (zonky), with its
 * files kept in a directory between runs.
 *
 * <p>As root, PostgreSQL refuses to start; zonky then runs initdb, pg_ctl and the server through
 * {@code unshare -U}, so that they run as an unmapped user ("nobody") in a user namespace: the data
 * files belong to root outside and to "nobody" inside, which satisfies PostgreSQL's owner check.
 * As an ordinary user the binaries run directly.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  static final String SUPERUSER = "postgres";

  private final FileChannel lockChannel;
  private final FileLock lock;
  private final EmbeddedPostgres postgres;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedPostgresServer(FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.postgres = postgres;
  }

  /** Starts the server on {@code dataDir}, creating the cluster the first time. */
  static EmbeddedPostgresServer start(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
    FileChannel channel = null;
    FileLock lock = null;
    try {
      Files.createDirectories(dir.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = tryLock(channel);
      if (lock == null) {
        throw new DatabaseException("the embedded database in " + dir
            + " is already used by another Dalil server (" + lockFile + " is locked);"
            + " stop that server, or give this one another data directory or a database URL");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(
          (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      stopOrphanedPostmaster(dir);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          // zonky's defaults favour test speed (fsync off, asynchronous commit); this is the
          // database of record, so an acknowledged message must survive a power cut.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .setServerConfig("listen_addresses", "localhost")
          .setServerConfig("max_connections", "100")
          .setLocaleConfig("locale", "C")
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
      log.info("embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), dir);
      return new EmbeddedPostgresServer(channel, lock, postgres);
    } catch (DatabaseException e) {
      release(channel, lock);
      throw e;
    } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
      // zonky reports a failure to unpack its binaries as an ExceptionInInitializerError.
      release(channel, lock);
      throw new DatabaseException("could not start the embedded PostgreSQL in " + dir + ": " + describe(e)
          + " (see the log above for PostgreSQL's own messages)", e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very process (a second server in the same JVM)
    }
  }

  /**
   * A Dalil process killed without its shutdown hook leaves its PostgreSQL running, which would
   * keep this one from starting. We hold the directory's lock, so no live Dalil owns that server.
   */
  private static void stopOrphanedPostmaster(Path dir) {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    long pid;
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      if (lines.isEmpty()) {
        return;
      }
      pid = Long.parseLong(lines.getFirst().strip());
    } catch (IOException | NumberFormatException e) {
      return; // PostgreSQL itself judges a stale or garbled pid file
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    boolean isPostgres = process.flatMap(p -> p.info().command())
        .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
        .orElse(false);
    if (!isPostgres) {
      return;
    }
    log.warn("stopping PostgreSQL process {} left running in {} by a previous Dalil process", pid, dir);
    // SIGTERM is PostgreSQL's "smart" shutdown; the dead process's connections are gone already.
    process.get().destroy();
    try {
      process.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new DatabaseException("a PostgreSQL process (" + pid + ") left running in " + dir
          + " does not stop; stop it and start again");
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
  }

  private static void release(FileChannel channel, FileLock lock) {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      log.warn("could not release the embedded database lock", e);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      postgres.close();
      log.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("could not stop the embedded PostgreSQL cleanly", e);
    } finally {
      release(lockChannel, lock);
    }
  }
}
