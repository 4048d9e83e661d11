package org.dalil.audit;

import java.util.Locale;

/** What an audit entry records; stored in lower case. */
public enum AuditAction {
  LOGIN,
  LOGIN_FAILED,
  LOGOUT,
  /** A volunteer opened a conversation (who read what). */
  OPEN_CONVERSATION,
  CLAIM,
  RELEASE,
  TRANSFER,
  ASK_TRANSFER,
  RESOLVE,
  REPLY,
  NOTE,
  SHARE_REFERRAL,
  HANDOVER,
  /** An admin saw a contact's full address. */
  VIEW_ADDRESS,
  /** An admin created or changed an account. */
  MANAGE_USER,
  FIRST_ADMIN;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AuditAction fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
