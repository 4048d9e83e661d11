package org.dalil.admin;

import java.time.Instant;

/** One time a version became current: which, by whom ({@code null} for the files on disk), when. */
public record Publication(long id, String version, String source, Long publishedBy, String publishedByEmail,
    Instant publishedAt) {

  public boolean byAdmin() {
    return "admin".equals(source);
  }
}
