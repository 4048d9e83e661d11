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
  FIRST_ADMIN,
  /** An admin saved the content draft (flows, texts, directory). */
  FLOW_DRAFT,
  /** An admin published a version of the content. */
  FLOW_PUBLISH,
  /** An admin made an earlier version current again. */
  FLOW_ROLLBACK,
  /** Content files were imported into the draft (upload or {@code dalil import}). */
  FLOW_IMPORT,
  /** An admin changed the inbox settings (opening hours, waiting time, urgent target). */
  MANAGE_SETTINGS,
  /** Everything about a contact was erased (at their request, by keyword or through an admin); no personal data. */
  ERASE_CONTACT,
  /** An admin exported a contact's data for them. */
  EXPORT_CONTACT;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AuditAction fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
