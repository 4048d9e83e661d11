package org.dalil.web.inbox;

import java.util.List;
import org.dalil.directory.Organisation;
import org.dalil.handoff.CannedAnswer;
import org.dalil.handoff.ConversationView;
import org.dalil.web.auth.Volunteer;

/**
 * The conversation page.
 *
 * @param mine the signed-in volunteer has the conversation (may reply)
 * @param colleagues active volunteers it can be transferred to
 * @param address the full address, only after an admin asked for it (audited), else null
 */
public record ConversationModel(
    ConversationView view,
    boolean mine,
    List<CannedAnswer> canned,
    List<Organisation> directory,
    List<Volunteer> colleagues,
    List<String> outcomes,
    String address) {

  public long id() {
    return view.handoff().id();
  }
}
