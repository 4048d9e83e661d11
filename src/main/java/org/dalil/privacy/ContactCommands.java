package org.dalil.privacy;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code dalil export-contact CHANNEL ADDRESS} and {@code dalil erase CHANNEL ADDRESS --yes}: the
 * admins' two actions on a person's request, for an operator without the inbox. Audited like them.
 */
public final class ContactCommands {
  public static final int OK = 0;
  public static final int NOT_FOUND = 1;
  public static final int USAGE = 2;

  private ContactCommands() {}

  /** Prints the contact's data as JSON on {@code out}. */
  public static int export(Jdbi jdbi, String channel, String address, PrintStream out, PrintStream err) {
    DataRequests requests = new DataRequests(jdbi, Clock.systemUTC());
    Optional<String> json = requests.findContact(channel, address).flatMap(id -> requests.export(null, id));
    if (json.isEmpty()) {
      err.println("dalil: no contact writes from this address on " + channel);
      return NOT_FOUND;
    }
    out.println(json.get());
    return OK;
  }

  /** Erases everything about the contact; {@code confirmed} must be given ({@code --yes}). */
  public static int erase(Jdbi jdbi, String channel, String address, boolean confirmed, PrintStream out,
      PrintStream err) {
    if (!confirmed) {
      err.println("dalil: erasing cannot be undone: add --yes once the person asked for it");
      return USAGE;
    }
    DataRequests requests = new DataRequests(jdbi, Clock.systemUTC());
    Optional<ContactErasure.Erased> erased = requests.findContact(channel, address).flatMap(id -> requests.erase(null, id));
    if (erased.isEmpty()) {
      err.println("dalil: no contact writes from this address on " + channel);
      return NOT_FOUND;
    }
    out.println("erased: " + erased.get().describe());
    return OK;
  }
}
