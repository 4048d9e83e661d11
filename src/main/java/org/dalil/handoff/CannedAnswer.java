package org.dalil.handoff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dalil.flow.FlowSet;
import org.dalil.i18n.SystemKeys;

/**
 * A ready-made answer ({@code sys.canned.<id>} in every language): the volunteer reads it in
 * their language and it is inserted in the contact's.
 *
 * @param shown the text in the volunteer's language
 * @param forContact the text in the contact's language
 */
public record CannedAnswer(String id, String shown, String forContact) {

  /** Every canned answer of the flow set, by id. */
  public static List<CannedAnswer> of(FlowSet set, String volunteerLanguage, String contactLanguage) {
    Set<String> ids = new TreeSet<>();
    for (String language : set.catalog().languages()) {
      for (String key : set.catalog().entries(language).keySet()) {
        if (key.startsWith(SystemKeys.CANNED_PREFIX) && key.length() > SystemKeys.CANNED_PREFIX.length()) {
          ids.add(key.substring(SystemKeys.CANNED_PREFIX.length()));
        }
      }
    }
    List<CannedAnswer> out = new ArrayList<>();
    for (String id : ids) {
      String key = SystemKeys.CANNED_PREFIX + id;
      String shown = set.catalog().text(key, volunteerLanguage).orElse(key);
      String forContact = set.catalog().text(key, contactLanguage).orElse(shown);
      out.add(new CannedAnswer(id, shown, forContact));
    }
    return out;
  }
}
