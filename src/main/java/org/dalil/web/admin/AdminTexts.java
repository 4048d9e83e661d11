package org.dalil.web.admin;

import java.util.Map;
import org.dalil.web.inbox.UiTexts;

/** The admin pages' words ({@code web.admin.*} keys) beside the inbox's ({@link UiTexts}, for the layout). */
public record AdminTexts(UiTexts ui) {

  public String a(String key) {
    String full = "web.admin." + key;
    return ui.content(full, full);
  }

  public String a(String key, String name, Object value) {
    return a(key).replace("{" + name + "}", String.valueOf(value));
  }

  public String a(String key, Map<String, Object> values) {
    String text = a(key);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      text = text.replace("{" + e.getKey() + "}", String.valueOf(e.getValue()));
    }
    return text;
  }
}
