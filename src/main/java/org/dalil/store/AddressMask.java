package org.dalil.store;

/** How an address is shown to people and in logs: its last three characters only. */
public final class AddressMask {
  private static final String HIDDEN = "•••";

  private AddressMask() {}

  /** {@code +212600000123} gives {@code •••123}; an address of three characters or fewer is hidden entirely. */
  public static String mask(String address) {
    if (address == null || address.length() <= 3) {
      return HIDDEN;
    }
    return HIDDEN + address.substring(address.length() - 3);
  }
}
