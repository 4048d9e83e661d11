package org.dalil.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * One handle kept open by a loop that runs statements all day (the outbox's claims and records),
 * with each DAO attached once. Opening a handle per statement copies Jdbi's configuration, and
 * attaching a DAO builds a handler for each of its methods: for a loop doing this hundreds of
 * times a second, that was most of its CPU (issue 9).
 *
 * <p>Calls are serialised. After a failure the handle is closed and the next call opens another
 * (the connection may be the cause: a restarted database, a network cut), so a failure costs one
 * call, never the loop.
 */
public final class OwnedHandle implements AutoCloseable {
  private final Jdbi jdbi;
  private Handle handle;
  private final Map<Class<?>, Object> daos = new HashMap<>();

  public OwnedHandle(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Runs {@code call} with the DAO, outside any transaction unless the DAO method opens one. */
  public synchronized <T, R> R with(Class<T> dao, Function<T, R> call) {
    try {
      return call.apply(dao(dao));
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
  }

  /** Runs {@code callback} in a transaction on the kept handle; {@link #dao} gives it attached DAOs. */
  public synchronized <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
    try {
      return handle().inTransaction(callback);
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
  }

  /** The DAO attached to the kept handle; only for use inside {@link #with} or {@link #inTransaction}. */
  public synchronized <T> T dao(Class<T> type) {
    Object dao = daos.get(type);
    if (dao == null) {
      dao = handle().attach(type);
      daos.put(type, dao);
    }
    return type.cast(dao);
  }

  private Handle handle() {
    if (handle == null) {
      handle = jdbi.open();
    }
    return handle;
  }

  private void discard() {
    daos.clear();
    if (handle != null) {
      try {
        handle.close();
      } catch (RuntimeException ignored) {
        // Closing a broken connection fails too; the pool replaces it.
      }
      handle = null;
    }
  }

  @Override
  public synchronized void close() {
    discard();
  }
}
