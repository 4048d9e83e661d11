package org.dalil.web.auth;

import java.util.List;

/**
 * An inbox account.
 *
 * @param languages the languages they answer in; their queue shows these first
 * @param uiLanguage the inbox's language for them, or null for the browser's
 */
public record Volunteer(
    long id, String email, String displayName, Role role, List<String> languages, String uiLanguage, boolean active) {

  public Volunteer {
    languages = List.copyOf(languages);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
