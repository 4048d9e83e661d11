package org.dalil.store;

import org.dalil.privacy.AddressKeys;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * The address keys of a {@link Database}, set on each of its Jdbi instances so that {@link
 * ContactDao} finds them on its handle.
 */
public final class AddressKeysConfig implements JdbiConfig<AddressKeysConfig> {
  private AddressKeys keys;

  public AddressKeysConfig() {}

  private AddressKeysConfig(AddressKeysConfig other) {
    this.keys = other.keys;
  }

  public AddressKeysConfig use(AddressKeys keys) {
    this.keys = keys;
    return this;
  }

  /** @throws IllegalStateException on a Jdbi that {@link Database} did not build */
  public AddressKeys keys() {
    if (keys == null) {
      throw new IllegalStateException("no address keys on this Jdbi: open it with Database.open");
    }
    return keys;
  }

  @Override
  public AddressKeysConfig createCopy() {
    return new AddressKeysConfig(this);
  }
}
