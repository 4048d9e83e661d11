package org.dalil.web.auth;

import java.util.Locale;

/** What an account may do in the inbox. */
public enum Role {
  /** Answers conversations. */
  VOLUNTEER,
  /** Everything a volunteer does, plus contacts' full addresses, accounts and the audit log. */
  ADMIN;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
