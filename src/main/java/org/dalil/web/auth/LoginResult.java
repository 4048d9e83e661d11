package org.dalil.web.auth;

import java.time.Instant;

/** What a login attempt gave. */
public sealed interface LoginResult {

  /** Signed in: {@code token} goes in the session cookie. */
  record SignedIn(Volunteer volunteer, String token) implements LoginResult {}

  /** Wrong e-mail or password (the page does not say which). */
  record Refused() implements LoginResult {}

  /** Too many failures for this account or from this address; refused until {@code until}. */
  record Locked(Instant until) implements LoginResult {}
}
