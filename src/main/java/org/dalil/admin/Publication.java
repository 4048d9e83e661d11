package org.dalil.admin;

import java.time.Instant;

/** One time a version became current: which, by whom ({@code null} for the files on disk), when. */
public record Publication(long id, String version, String source, Long publishedBy, String publishedByEmail,
    Instant publishedAt) {

  /** An admin's version completed with texts a new version of Dalil needs, when it was upgraded. */
  public boolean byUpgrade() {
    return FlowAdmin.UPGRADE.equals(source);
  }

  public boolean byAdmin() {
    return "admin".equals(source);
  }
}
